package dev.weft.cli;

import static dev.weft.cli.WeftCommandTest.weft;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.test.catalogue.LostUpdate;
import dev.weft.test.catalogue.TwoStepTransfer;
import dev.weft.test.junit.WeftTest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ExploreCommandTest {

    /** Explored only through the command (surefire skips nested classes). */
    static class Scenarios {
        @WeftTest(seeds = 50)
        void holds() throws Exception {
            TwoStepTransfer.bug().fixed().run();
        }

        @WeftTest
        void breaks() throws Exception {
            LostUpdate.bug().buggy().run();
        }
    }

    private static final String CLASS = Scenarios.class.getName();
    private static final String CP = "target/test-classes";

    @Test
    void aPassingMethodPrintsOkAndExitsZero() {
        WeftCommandTest.Run run = weft("explore", "--class", CLASS, "--method", "holds", "--cp", CP);
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("ok     Scenarios.holds: no failure in 50 schedules");
    }

    @Test
    void aFailingMethodPrintsTheReportAndItsReplayReproducesIt() {
        WeftCommandTest.Run run = weft("explore", "--class", CLASS, "--seeds", "200", "--cp", CP);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("FAILED Scenarios.breaks", "lost an update", "trace:");
        Matcher m = Pattern.compile("--method breaks --replay (\\d+)").matcher(run.out());
        assertThat(m.find()).isTrue();
        WeftCommandTest.Run again = weft("explore", "--class", CLASS, "--method", "breaks", "--replay", m.group(1), "--cp", CP);
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(trace(again.out())).isEqualTo(trace(run.out()));
    }

    private static String trace(String out) {
        return out.substring(out.indexOf("trace:"), out.indexOf("replay:"));
    }

    @Test
    void aCatalogueBugIsFoundAndItsFixPasses() {
        assertThat(weft("explore", "--bug", "lock-order-deadlock").out()).contains("FAILED", "Deadlock");
        WeftCommandTest.Run fixed = weft("explore", "--bug", "lock-order-deadlock", "--fixed");
        assertThat(fixed.exitCode()).isZero();
        assertThat(fixed.out()).contains("no failure in 1000 schedules");
    }

    @Test
    void unknownClassesAndBugsAreExplained() {
        assertThat(weft("explore", "--class", "no.Such", "--cp", CP).err()).contains("no class no.Such", "--cp");
        assertThat(weft("explore", "--bug", "nope").err()).contains("known:", "lost-update");
        assertThat(weft("explore").err()).contains("either --class CLASS or --bug NAME");
    }
}
