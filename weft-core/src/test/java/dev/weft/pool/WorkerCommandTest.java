package dev.weft.pool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What a worker JVM inherits from its parent's options, and what the pool adds. */
@Timeout(10)
class WorkerCommandTest {
    @Test
    void inheritsTheParentsOptionsButNotAgentsLoggingOrCacheFlags() {
        List<String> parent = List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED", "-Dcolour=blue", "-Xmx2g",
                "-ea", "--enable-preview", "-XX:+UseG1GC", "-agentlib:jdwp=transport=dt_socket,server=y,address=5005",
                "-javaagent:/x.jar", "-Xlog:gc", "-Xshare:auto", "-XX:SharedArchiveFile=/a.jsa", "-XX:AOTCache=/a.aot",
                "-XX:StartFlightRecording", "-Djava.class.path=/x", "-Dweft.pool.allow=*", "-XX:ErrorFile=/e");
        assertThat(WorkerCommand.inheritedOptions(parent)).containsExactly("--add-opens=java.base/java.lang=ALL-UNNAMED",
                "-Dcolour=blue", "-Xmx2g", "-ea", "--enable-preview", "-XX:+UseG1GC");
    }

    @Test
    void addsWhatAWorkerNeedsAndLetsThePoolsOptionsWin() {
        AllowList allow = AllowList.of(List.of("java.net.URI"));
        WorkerCommand c = WorkerCommand.build(ProcessPool.Options.workers(1).maxHeap("64m").jvmArgs("-Dlast=1"), allow);
        List<String> line = c.line(List.of("-XX:AOTCache=/c.aot"), "--init");
        assertThat(line).contains(WorkerCommand.ADD_OPENS, "-XX:+ExitOnOutOfMemoryError", "-XX:+DisplayVMOutputToStderr",
                "-Xlog:disable", "-Xmx64m", "-Dweft.pool.allow=java.net.URI");
        assertThat(line.indexOf("-Dlast=1")).isGreaterThan(line.indexOf("-Xmx64m"));
        assertThat(line.subList(line.size() - 5, line.size()))
                .containsExactly("-XX:AOTCache=/c.aot", "-cp", c.classPath(), WorkerMain.class.getName(), "--init");
        assertThat(line.stream().filter(WorkerCommand.ADD_OPENS::equals)).hasSize(1);
    }

    @Test
    void choosesTheSerialCollectorOnlyWhenNoneWasChosen() {
        assertThat(WorkerCommand.build(ProcessPool.Options.workers(1), AllowList.defaults()).jvmOptions())
                .contains("-XX:+UseSerialGC");
        assertThat(WorkerCommand.build(ProcessPool.Options.workers(1).jvmArgs("-XX:+UseParallelGC"), AllowList.defaults())
                .jvmOptions()).doesNotContain("-XX:+UseSerialGC");
    }

    @Test
    void takesTheInheritedOptionsVariablesOutOfTheWorkersEnvironment() {
        ProcessBuilder pb = WorkerCommand.build(ProcessPool.Options.workers(1), AllowList.defaults()).builder(List.of());
        assertThat(pb.environment()).doesNotContainKeys("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");
    }
}
