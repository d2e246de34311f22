package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class HelloTest {
    @Test
    void gathersEveryGreetingInSpawnOrder() {
        assertThat(Hello.run()).containsExactly("hello from task 1", "hello from task 2", "hello from task 3");
    }

    @Test
    void mainPrintsOneGreetingPerLine() throws Exception {
        String out = Stdout.capture(() -> Hello.main(new String[0]));

        assertThat(out.lines()).containsExactly("hello from task 1", "hello from task 2", "hello from task 3");
    }

    @Test
    void readmeShowsThisExampleAsCompiled() throws IOException {
        List<String> source = Files.readAllLines(Path.of("src/main/java/dev/weft/examples/Hello.java"));
        List<String> example = source.subList(source.indexOf("// README:begin") + 1, source.indexOf("// README:end"));
        List<String> readme = Files.readAllLines(Path.of("..", "README.md"));
        int open = readme.indexOf(example.getFirst());

        assertThat(open).as("README.md has the hello example, starting with: " + example.getFirst()).isPositive();
        assertThat(readme.subList(open, Math.min(readme.size(), open + example.size())))
                .as("README.md's example is Hello.java between the README markers")
                .containsExactlyElementsOf(example);
        assertThat(readme.get(open + example.size())).isEqualTo("```");
    }
}
