package dev.weft.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.profile.Figure.Unit;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class FigureTest {
    @Test
    void anUnavailableFigureRefusesToGiveAValueAndSaysWhy() {
        Figure f = Figure.unavailable(Unit.COUNT, "no PMU here");

        assertThat(f.isAvailable()).isFalse();
        assertThat(f.format()).isEqualTo("unavailable (no PMU here)");
        assertThatThrownBy(f::value).isInstanceOf(IllegalStateException.class).hasMessageContaining("no PMU here");
    }

    @Test
    void aMeasuredFigureNeedsANumber() {
        assertThatThrownBy(() -> new Figure(Double.NaN, Unit.COUNT, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRatioOfAnUnavailableFigureIsUnavailableForTheSameReason() {
        Figure r = Figure.ratio(Figure.count(10), Figure.unavailable(Unit.COUNT, "not counted"));

        assertThat(r.isAvailable()).isFalse();
        assertThat(r.whyUnavailable()).isEqualTo("not counted");
        assertThat(Figure.ratio(Figure.count(1), Figure.count(0)).whyUnavailable()).contains("zero");
        assertThat(Figure.ratio(Figure.count(3), Figure.count(2)).value()).isEqualTo(1.5);
    }

    @Test
    void figuresPrintInTheirUnits() {
        assertThat(Figure.seconds(1_980_000_000L).format()).isEqualTo("1.98 s");
        assertThat(Figure.seconds(4_200_000L).format()).isEqualTo("4.2 ms");
        assertThat(Figure.bytes(3L << 20).format()).isEqualTo("3.0 MiB");
        assertThat(Figure.bytes(5L << 30).format()).isEqualTo("5.00 GiB");
        assertThat(Figure.count(2_500_000).format()).isEqualTo("2.50M");
    }
}
