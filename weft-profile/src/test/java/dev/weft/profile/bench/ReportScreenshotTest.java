package dev.weft.profile.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.profile.OnPath;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the report in headless Chromium (Debian package {@code chromium}; {@code .ci/run}
 * installs it): a screenshot must show the charts, and every SVG chart must lay out with a size
 * and drawn marks. Skipped, saying so, only where Chromium is not installed.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ReportScreenshotTest {
    private static Optional<String> chromium;

    @BeforeAll
    static void findChromium() {
        chromium = OnPath.find("chromium", "chromium-browser", "google-chrome");
    }

    private static List<String> chromiumCommand(Path profile, String... rest) {
        List<String> cmd = new ArrayList<>(List.of(chromium.orElseThrow(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--hide-scrollbars"));
        cmd.addAll(List.of(rest));
        return cmd;
    }

    private static String run(List<String> cmd, Path log) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        assertThat(p.exitValue()).as("chromium exit; its log: %s", Files.readString(log)).isZero();
        return out;
    }

    @Test
    void theScreenshotShowsTheChartsAndEverySvgHasSizeAndDrawnMarks(@TempDir Path dir) throws Exception {
        assumeTrue(chromium.isPresent(), "Chromium is not installed (apt-get install chromium; .ci/run installs it):"
                + " the report's browser test cannot run here");
        BenchResults results = Reports.sample(true);
        Path index = ReportWriter.write(results, dir.resolve("bench-report"));
        Path shot = dir.resolve("shot.png");

        run(chromiumCommand(dir.resolve("profile-1"), "--window-size=1100,2600", "--screenshot=" + shot,
                index.toUri().toString()), dir.resolve("chromium-1.log"));
        BufferedImage image = ImageIO.read(shot.toFile());
        assertThat(image.getWidth()).isEqualTo(1100);
        assertThat(colours(image)).as("distinct colours in the screenshot").isGreaterThan(50);
        assertThat(pixelsOf(image, 0x1f77b4)).as("pixels of the first series' blue").isGreaterThan(500);
        assertThat(pixelsOf(image, 0xd62728)).as("pixels of the second series' red").isGreaterThan(500);

        Path probe = dir.resolve("bench-report/probe.html");
        Files.writeString(probe, Files.readString(index).replace("</body>", PROBE + "</body>"));
        String dom = run(chromiumCommand(dir.resolve("profile-2"), "--window-size=1100,2600", "--dump-dom",
                probe.toUri().toString()), dir.resolve("chromium-2.log"));
        Matcher m = Pattern.compile("<pre id=\"probe\">(.*?)</pre>", Pattern.DOTALL).matcher(dom);
        assertThat(m.find()).as("the probe ran in the page").isTrue();
        JsonNode charts = new ObjectMapper().readTree(m.group(1).replace("&quot;", "\""));
        assertThat(charts).hasSize(1 + results.workloads().size());
        for (JsonNode c : charts) {
            assertThat(c.get("width").asDouble()).as(c.get("id").asText() + " width").isGreaterThan(100);
            assertThat(c.get("height").asDouble()).as(c.get("id").asText() + " height").isGreaterThan(100);
            assertThat(c.get("drawn").asInt()).as(c.get("id").asText() + " marks with a size").isGreaterThan(2);
        }
    }

    /** Measures every chart as laid out, and each line and bar in it, and writes the figures into the page. */
    private static final String PROBE = """
            <script>
            const charts = [...document.querySelectorAll('svg.chart')].map(svg => {
              const box = svg.getBoundingClientRect();
              let drawn = 0;
              svg.querySelectorAll('path.series, rect.bar').forEach(mark => {
                const b = mark.getBBox();
                if (b.width > 0 || b.height > 0) drawn++;
              });
              return {id: svg.id, width: box.width, height: box.height, drawn: drawn};
            });
            const pre = document.createElement('pre');
            pre.id = 'probe';
            pre.textContent = JSON.stringify(charts);
            document.body.appendChild(pre);
            </script>
            """;

    private static int colours(BufferedImage image) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                seen.add(image.getRGB(x, y) & 0xffffff);
            }
        }
        return seen.size();
    }

    private static int pixelsOf(BufferedImage image, int rgb) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (near(image.getRGB(x, y) & 0xffffff, rgb)) {
                    n++;
                }
            }
        }
        return n;
    }

    private static boolean near(int a, int b) {
        return Math.abs((a >> 16 & 255) - (b >> 16 & 255)) < 12 && Math.abs((a >> 8 & 255) - (b >> 8 & 255)) < 12
                && Math.abs((a & 255) - (b & 255)) < 12;
    }
}
