package dev.weft.pool;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LambdaCodecTest {
    /** A named class: not a lambda, so it travels by Java serialization. */
    record Named(int n) implements SerializableCallable<Integer> {
        @Override
        public Integer call() {
            return n;
        }
    }

    record Account(String owner, long cents) implements java.io.Serializable {
        long doubled() {
            return cents * 2;
        }
    }

    private static Object roundTrip(Object value) throws Exception {
        byte[] bytes = Codec.serialize(value);
        return Codec.deserialize(bytes, AllowList.defaults(), "the test");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aLambdaCapturingValuesTravelsInItsOwnFormAndComesBackWorking() throws Exception {
        int n = 41;
        String word = "answer";
        long[] more = {1, 2, 3};
        SerializableCallable<String> job = () -> word + " " + (n + more.length - 2);
        byte[] bytes = Codec.serialize(job);
        assertThat(LambdaCodec.isLambda(bytes)).isTrue();
        SerializableCallable<String> back = (SerializableCallable<String>) Codec.deserialize(bytes, AllowList.defaults(), "the test");
        assertThat(back).isNotSameAs(job);
        assertThat(back.call()).isEqualTo("answer 42");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aBoundMethodReferenceBringsItsReceiver() throws Exception {
        Account a = new Account("ada", 250);
        SerializableCallable<Long> job = a::doubled;
        SerializableCallable<Long> back = (SerializableCallable<Long>) roundTrip(job);
        assertThat(back.call()).isEqualTo(500L);
    }

    @Test
    @SuppressWarnings("unchecked")
    void capturedValuesThatShareAnObjectStillShareIt() throws Exception {
        List<String> shared = new ArrayList<>(List.of("a"));
        List<String> same = shared;
        SerializableCallable<Boolean> job = () -> {
            shared.add("b");
            return same.size() == 2;
        };
        SerializableCallable<Boolean> back = (SerializableCallable<Boolean>) roundTrip(job);
        assertThat(back.call()).as("both captures are one list after the trip").isTrue();
        assertThat(shared).containsExactly("a");
    }

    @Test
    void anythingButALambdaTravelsByJavaSerialization() throws Exception {
        assertThat(LambdaCodec.encode(new Named(3))).isNull();
        assertThat(LambdaCodec.encode("text")).isNull();
        byte[] bytes = Codec.serialize(new Named(3));
        assertThat(LambdaCodec.isLambda(bytes)).isFalse();
        assertThat(((Named) Codec.deserialize(bytes, AllowList.defaults(), "the test")).call()).isEqualTo(3);
    }

    @Test
    void aCapturedValueThatCannotTravelIsRefusedAtEncoding() {
        Object notSerializable = new Object();
        SerializableCallable<Integer> job = notSerializable::hashCode;
        assertThatThrownBy(() -> Codec.serialize(job)).isInstanceOf(java.io.NotSerializableException.class)
                .hasMessageContaining("java.lang.Object");
    }

    @Test
    void aLambdaClaimingAClassOutsideTheAllowListIsRefusedNamingIt() throws Exception {
        SerializableCallable<Integer> job = () -> 1;
        byte[] forged = withCapturingClass(Codec.serialize(job), "java/net/URL");
        assertThatThrownBy(() -> Codec.deserialize(forged, AllowList.defaults(), "the worker"))
                .isInstanceOf(ClassNotAllowedException.class).hasMessageContaining("java.net.URL");
    }

    @Test
    void aLambdaItsClassDoesNotHaveIsRefused() throws Exception {
        SerializableCallable<Integer> job = () -> 1;
        byte[] forged = withCapturingClass(Codec.serialize(job), "dev/weft/pool/LambdaCodecTest$Named");
        assertThatThrownBy(() -> Codec.deserialize(forged, AllowList.defaults(), "the worker"))
                .isInstanceOf(java.io.InvalidObjectException.class).hasMessageContaining("LambdaCodecTest$Named");
    }

    @Test
    void truncatedCapturedValuesAreAnError() throws Exception {
        byte[] bytes = Codec.serialize((SerializableCallable<String>) () -> "x");
        byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 1);
        assertThatThrownBy(() -> Codec.deserialize(cut, AllowList.defaults(), "the worker")).isInstanceOf(IOException.class);
    }

    /** The same encoding with its capturing class replaced: what a hostile or corrupt frame could say. */
    private static byte[] withCapturingClass(byte[] bytes, String internalName) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOutputStream o = new DataOutputStream(out);
        o.writeByte(in.readUnsignedByte());
        in.readUTF();
        o.writeUTF(internalName);
        o.write(in.readAllBytes());
        return out.toByteArray();
    }
}
