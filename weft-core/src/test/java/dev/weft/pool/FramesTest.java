package dev.weft.pool;

import dev.weft.TaskFailedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The length-prefixed frames of the worker pipes, and the failures they carry. */
@Timeout(10)
class FramesTest {
    private static byte[] frames(Object... typeIdPayload) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        for (int i = 0; i < typeIdPayload.length; i += 3) {
            Frames.write(out, (byte) typeIdPayload[i], (long) typeIdPayload[i + 1], (byte[]) typeIdPayload[i + 2]);
        }
        return bytes.toByteArray();
    }

    @Test
    void framesComeBackInOrderThenACleanEnd() throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(
                frames(Frames.RUN, 1L, new byte[] {1, 2, 3}, Frames.OK, 2L, new byte[0])));
        Frames.Frame a = Frames.read(in, 100);
        Frames.Frame b = Frames.read(in, 100);
        assertThat(a.type()).isEqualTo(Frames.RUN);
        assertThat(a.id()).isEqualTo(1);
        assertThat(a.payload()).containsExactly(1, 2, 3);
        assertThat(b.id()).isEqualTo(2);
        assertThat(b.payload()).isEmpty();
        assertThat(Frames.read(in, 100)).isNull();
    }

    @Test
    void aFrameOverTheLimitIsRefusedBeforeItIsRead() throws IOException {
        byte[] big = frames(Frames.OK, 1L, new byte[1000]);
        assertThatThrownBy(() -> Frames.read(new DataInputStream(new ByteArrayInputStream(big)), 999))
                .isInstanceOf(IOException.class).hasMessageContaining("maxFrameBytes");
    }

    @Test
    void aTornFrameIsAnError() throws IOException {
        byte[] whole = frames(Frames.OK, 1L, new byte[10]);
        byte[] torn = Arrays.copyOf(whole, whole.length - 3);
        assertThatThrownBy(() -> Frames.read(new DataInputStream(new ByteArrayInputStream(torn)), 100))
                .isInstanceOf(IOException.class);
    }

    @Test
    void garbageOnTheStreamIsAnError() {
        byte[] text = "hello from a native library\n".getBytes();
        assertThatThrownBy(() -> Frames.read(new DataInputStream(new ByteArrayInputStream(text)), 1 << 20))
                .isInstanceOf(IOException.class).hasMessageContaining("corrupt");
    }

    @Test
    void aFailureTravelsAsThrownWhenItsClassIsAdmitted() {
        Throwable back = Codec.readFailure(Codec.failure(new ArithmeticException("/ by zero")), AllowList.defaults());
        assertThat(back).isInstanceOf(ArithmeticException.class).hasMessage("/ by zero");
        assertThat(back.getStackTrace()).isNotEmpty();
    }

    @Test
    void aFailureThatCannotBeSerializedArrivesAsTextWithItsStack() {
        RuntimeException unserializable = new RuntimeException("holds a thread") {
            @SuppressWarnings("unused")
            private final Object thread = Thread.currentThread();
        };
        Throwable back = Codec.readFailure(Codec.failure(unserializable), AllowList.defaults());
        assertThat(back).isInstanceOf(TaskFailedException.class).hasMessageContaining("holds a thread")
                .hasMessageContaining("not serializable");
        assertThat(back.getStackTrace()).isEqualTo(unserializable.getStackTrace());
    }
}
