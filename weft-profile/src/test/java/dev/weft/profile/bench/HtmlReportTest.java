package dev.weft.profile.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class HtmlReportTest {
    @Test
    void hasASummaryChartAndOneChartPerWorkloadAsInlineSvg() {
        String html = HtmlReport.render(Reports.sample(false));

        assertThat(Pattern.compile("<svg class=\"chart\"").matcher(html).results().count()).isEqualTo(5);
        assertThat(html).contains("id=\"chart-summary\"", "id=\"chart-0\"", "id=\"chart-3\"", "<path class=\"series\"",
                "<rect class=\"bar\"");
    }

    @Test
    void fetchesNothingAndRunsNoScript() {
        String html = HtmlReport.render(Reports.sample(true));

        assertThat(html).doesNotContain("<script", "src=", "href=\"http", "@import");
    }

    @Test
    void escapesTextFromTheResults() {
        String html = HtmlReport.render(Reports.sample(false));

        assertThat(html).contains("a &lt;shape&gt; &amp; more", "&quot;evidence&quot;").doesNotContain("a <shape>");
    }

    @Test
    void drawsCPythonAsDashedLinesBesideWeftsModes() {
        String html = HtmlReport.render(Reports.sample(true));

        assertThat(html).contains("CPython threading", "CPython multiprocessing", "CPython asyncio",
                "stroke-dasharray=\"6 4\"");
    }

    @Test
    void namesTheModesThatDidNotRunAndWhy() {
        assertThat(HtmlReport.render(Reports.sample(false))).contains("Not run", "process pool: not in this build");
    }
}
