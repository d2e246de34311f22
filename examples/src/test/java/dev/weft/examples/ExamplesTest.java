package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExamplesTest {
    @Test
    void listsTheExamplesInReadingOrder() {
        assertThat(Examples.all()).extracting(Examples.Example::name)
                .containsExactly("hello", "pipeline", "philosophers", "bank", "deadlock", "echo", "chat", "http", "crawler", "primes");
    }

    @Test
    void everyExampleHasAOneLineDescription() {
        assertThat(Examples.all()).allSatisfy(example ->
                assertThat(example.description()).isNotBlank().doesNotContain("\n"));
    }

    @Test
    void findsAnExampleByName() {
        assertThat(Examples.find("bank")).hasValueSatisfying(e -> assertThat(e.name()).isEqualTo("bank"));
        assertThat(Examples.find("no-such-example")).isEmpty();
    }
}
