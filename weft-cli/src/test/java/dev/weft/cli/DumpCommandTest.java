package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

@Timeout(60)
class DumpCommandTest {

    @Test
    void dumpPrintsTheTasksOfARunningWeftProgram() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process target = new ProcessBuilder(java, "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), DumpTarget.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(target.getInputStream(), StandardCharsets.UTF_8));
            assertThat(lines.readLine()).isEqualTo("ready");
            WeftCommandTest.Run run = WeftCommandTest.weft("dump", Long.toString(target.pid()));
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).startsWith("Weft task dump: 1 loop")
                    .containsPattern("task 'dump-target-waiter' #\\d+: waiting")
                    .contains("on quit")
                    .contains("task 'dump-target-sleeper'")
                    .contains("at dev.weft.cli.DumpTarget");
        } finally {
            target.getOutputStream().close();
            if (!target.waitFor(20, TimeUnit.SECONDS)) {
                target.destroyForcibly();
            }
        }
        assertThat(target.exitValue()).isZero();
    }

    @Test
    void aPidThatIsNotANumberIsAUsageError() {
        WeftCommandTest.Run run = WeftCommandTest.weft("dump", "my-app");
        assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.err()).contains("PID must be a process id");
    }

    @Test
    void withoutAPidItListsTheJvmsItCouldAttachTo() {
        WeftCommandTest.Run run = WeftCommandTest.weft("dump");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("JVMs on this machine").contains(Long.toString(ProcessHandle.current().pid()));
    }
}
