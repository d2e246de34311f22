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
    record Point(int x, long y, String label) implements java.io.Serializable {
    }

    record Segment(Point from, Point to, double[] weights) implements java.io.Serializable {
    }

    record Positive(int n) implements java.io.Serializable {
        Positive {
            if (n <= 0) {
                throw new IllegalArgumentException("not positive: " + n);
            }
        }
    }

    record Resolving(int n) implements java.io.Serializable {
        private Object readResolve() {
            return new Resolving(n + 1);
        }
    }

    record NotSerializable(int n) {
    }

    private static final int RECORD_TAG = 16;
    private static final int SERIALIZED_TAG = 99;

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
    void serializableRecordsTravelCompactlyAndComeBackEqual() throws Exception {
        Segment s = new Segment(new Point(1, 2L, "a"), new Point(-3, 4L, null), new double[] {0.5});
        byte[] bytes = Values.encode(s);
        assertThat(bytes[0] & 0xff).isEqualTo(RECORD_TAG);
        Segment back = (Segment) Values.decode(bytes, AllowList.defaults(), "the test");
        assertThat(back.from()).isEqualTo(s.from());
        assertThat(back.to()).isEqualTo(s.to());
        assertThat(back.weights()).containsExactly(0.5);
        ArrayList<Object> points = new ArrayList<>(List.of(new Point(5, 6L, "p"), new Point(7, 8L, "q")));
        assertThat(roundTrip(points)).isEqualTo(points);
    }

    @Test
    void aRecordMetTwiceIsSerializedWholeSoItStaysOne() throws Exception {
        Point p = new Point(1, 1L, "same");
        Segment loop = new Segment(p, p, new double[0]);
        byte[] bytes = Values.encode(loop);
        assertThat(bytes[0] & 0xff).isEqualTo(SERIALIZED_TAG);
        Segment back = (Segment) Values.decode(bytes, AllowList.defaults(), "the test");
        assertThat(back.from()).isSameAs(back.to());
    }

    @Test
    void aRecordWithItsOwnSerializationHooksIsLeftToJavaSerialization() throws Exception {
        byte[] bytes = Values.encode(new Resolving(1));
        assertThat(bytes[0] & 0xff).isEqualTo(SERIALIZED_TAG);
        assertThat(roundTrip(new Resolving(1))).isEqualTo(new Resolving(2));
        assertThatThrownBy(() -> Values.encode(new NotSerializable(1))).isInstanceOf(java.io.NotSerializableException.class);
    }

    @Test
    void aRecordIsBuiltByItsCanonicalConstructorWhoseChecksStillRun() throws Exception {
        byte[] bytes = Values.encode(new Positive(3));
        assertThat(roundTrip(new Positive(3))).isEqualTo(new Positive(3));
        int at = bytes.length - 4;   // the int component, last
        bytes[at] = (byte) 0xff;     // now negative
        assertThatThrownBy(() -> Values.decode(bytes, AllowList.defaults(), "t"))
                .isInstanceOf(java.io.InvalidObjectException.class).hasMessageContaining("not positive");
    }

    @Test
    void aRecordClaimingAClassOutsideTheAllowListIsRefused() throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream d = new java.io.DataOutputStream(out);
        d.writeByte(RECORD_TAG);
        d.writeUTF("java.net.URI");
        d.writeShort(0);
        assertThatThrownBy(() -> Values.decode(out.toByteArray(), AllowList.defaults(), "the worker"))
                .isInstanceOf(ClassNotAllowedException.class).hasMessageContaining("java.net.URI");
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
