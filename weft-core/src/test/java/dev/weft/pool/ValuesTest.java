package dev.weft.pool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The compact encoding of common values: what comes back equals what went in, of the same class. */
@Timeout(10)
class ValuesTest {
    private static Object roundTrip(Object v) throws Exception {
        return Values.decode(Values.encode(v), AllowList.defaults(), "the test");
    }

    @Test
    void commonValuesComeBackEqualAndOfTheSameClass() throws Exception {
        List<Object> values = new ArrayList<>(Arrays.asList(null, true, false, 7, -8L, 2.5, 1.5f, (short) 3, (byte) 4, 'x',
                "héllo", "", Long.MIN_VALUE, Double.NaN));
        for (Object v : values) {
            Object back = roundTrip(v);
            assertThat(back).as("%s", v).isEqualTo(v);
            if (v != null) {
                assertThat(back).hasSameClassAs(v);
            }
        }
        assertThat((long[]) roundTrip(new long[] {1, 2, 3})).containsExactly(1, 2, 3);
        assertThat((int[]) roundTrip(new int[0])).isEmpty();
        assertThat((double[]) roundTrip(new double[] {0.5})).containsExactly(0.5);
        assertThat((byte[]) roundTrip(new byte[] {9})).containsExactly(9);
        ArrayList<Object> list = new ArrayList<>(List.of(1, "two", new long[] {3}));
        list.add(null);
        Object back = roundTrip(list);
        assertThat(back).isInstanceOf(ArrayList.class);
        assertThat(((List<?>) back).get(1)).isEqualTo("two");
        assertThat((long[]) ((List<?>) back).get(2)).containsExactly(3);
        assertThat(((List<?>) back).get(3)).isNull();
    }

    @Test
    void smallValuesAreSmall() throws Exception {
        assertThat(Values.encode(42)).hasSize(5);
        assertThat(Values.encode(new ArrayList<>(List.of(1L, 2L)))).hasSize(1 + 4 + 2 * 9);
    }

    @Test
    void otherValuesAreSerializedWholeAndKeepTheirClassAndSharing() throws Exception {
        assertThat(roundTrip(List.of(1, 2))).isEqualTo(List.of(1, 2)).hasSameClassAs(List.of(1, 2));
        long[] shared = {5};
        @SuppressWarnings("unchecked")
        List<long[]> twice = (List<long[]>) roundTrip(new ArrayList<>(List.of(shared, shared)));
        assertThat(twice.get(0)).isSameAs(twice.get(1));
        assertThat(roundTrip("a\uD800b")).isEqualTo("a\uD800b");
        ArrayList<Object> nested = new ArrayList<>(List.of(new ArrayList<>(List.of(1))));
        assertThat(roundTrip(nested)).isEqualTo(nested);
    }

    @Test
    void aSerializedValueStillGoesThroughTheAllowList() {
        assertThatThrownBy(() -> roundTrip(URI.create("a:b"))).isInstanceOf(ClassNotAllowedException.class);
    }

    @Test
    void aCorruptPayloadFailsWithoutAllocatingItsClaims() {
        byte[] claim = {7, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};   // long[] of 2^31-1 elements
        assertThatThrownBy(() -> Values.decode(claim, AllowList.defaults(), "t")).isInstanceOf(IOException.class)
                .hasMessageContaining("does not fit");
        assertThatThrownBy(() -> Values.decode(new byte[] {42}, AllowList.defaults(), "t"))
                .isInstanceOf(IOException.class).hasMessageContaining("unknown value tag");
    }
}
