package dev.weft.pool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link SharedMemory}: named segments that this process and worker processes map at once,
 * reading each other's writes without copying.
 */
@Timeout(60)
@ExtendWith(SharedPools.Resolver.class)
class SharedMemoryTest {
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();


    /** In a worker: the sum of the first {@code n} longs of the segment {@code name}. */
    static long sumOfLongs(String name, int n) {
        try (SharedMemory shm = SharedMemory.open(name)) {
            MemorySegment s = shm.segment();
            long sum = 0;
            for (int i = 0; i < n; i++) {
                sum += s.getAtIndex(ValueLayout.JAVA_LONG, i);
            }
            return sum;
        }
    }

    /** In a worker: writes {@code i * factor} at every long index of the segment {@code name}. */
    static int fill(String name, long factor) {
        try (SharedMemory shm = SharedMemory.open(name)) {
            MemorySegment s = shm.segment();
            int n = (int) (s.byteSize() / 8);
            for (int i = 0; i < n; i++) {
                s.setAtIndex(ValueLayout.JAVA_LONG, i, i * factor);
            }
            return n;
        }
    }

    /** In a worker: adds one to the long at offset 0, {@code times} times, atomically. */
    static int addOnes(String name, int times) {
        try (SharedMemory shm = SharedMemory.open(name)) {
            for (int i = 0; i < times; i++) {
                LONG.getAndAdd(shm.segment(), 0L, 1L);
            }
            return times;
        }
    }

    @Test
    void whatTheParentWritesAWorkerReads(ProcessPool pool) {
        int n = 1 << 20;
        try (SharedMemory shm = SharedMemory.create(8L * n)) {
            MemorySegment s = shm.segment();
            for (int i = 0; i < n; i++) {
                s.setAtIndex(ValueLayout.JAVA_LONG, i, i);
            }
            String name = shm.name();
            assertThat(pool.submit(() -> sumOfLongs(name, n)).join()).isEqualTo((long) n * (n - 1) / 2);
            shm.unlink();
        }
    }

    @Test
    void whatAWorkerWritesTheParentReads(ProcessPool pool) {
        try (SharedMemory shm = SharedMemory.create("weft-test-fill-" + ProcessHandle.current().pid(), 8 * 1000)) {
            String name = shm.name();
            assertThat(pool.submit(() -> fill(name, 3)).join()).isEqualTo(1000);
            MemorySegment s = shm.segment();
            assertThat(IntStream.range(0, 1000).allMatch(i -> s.getAtIndex(ValueLayout.JAVA_LONG, i) == 3L * i)).isTrue();
            shm.unlink();
        }
    }

    @Test
    void atomicUpdatesFromSeveralProcessesAddUp(ProcessPool pool) {
        try (SharedMemory shm = SharedMemory.create(64)) {
            String name = shm.name();
            int each = 50_000;
            var a = pool.submit(() -> addOnes(name, each));
            var b = pool.submit(() -> addOnes(name, each));
            for (int i = 0; i < each; i++) {
                LONG.getAndAdd(shm.segment(), 0L, 1L);
            }
            assertThat(a.join() + b.join()).isEqualTo(2 * each);
            assertThat((long) LONG.getVolatile(shm.segment(), 0L)).isEqualTo(3L * each);
            shm.unlink();
        }
    }

    @Test
    void aSegmentStartsZeroedAndKnowsItsSize() {
        try (SharedMemory shm = SharedMemory.create(4096)) {
            assertThat(shm.byteSize()).isEqualTo(4096);
            assertThat(shm.segment().asByteBuffer().remaining()).isEqualTo(4096);
            assertThat(IntStream.range(0, 4096).allMatch(i -> shm.segment().get(ValueLayout.JAVA_BYTE, i) == 0)).isTrue();
            assertThat(shm.path()).exists();
            shm.unlink();
        }
    }

    @Test
    void twoMappingsInOneProcessSeeTheSameBytes() {
        try (SharedMemory a = SharedMemory.create(16); SharedMemory b = SharedMemory.open(a.name())) {
            a.segment().set(ValueLayout.JAVA_INT, 4, 0xCAFE);
            assertThat(b.segment().get(ValueLayout.JAVA_INT, 4)).isEqualTo(0xCAFE);
            a.unlink();
        }
    }

    @Test
    void unlinkRemovesTheNameButNotAMappingInUse() {
        SharedMemory shm = SharedMemory.create(8);
        shm.segment().set(ValueLayout.JAVA_LONG, 0, 99L);
        shm.unlink();
        assertThat(Files.exists(shm.path())).isFalse();
        assertThat(shm.segment().get(ValueLayout.JAVA_LONG, 0)).isEqualTo(99L);
        assertThatThrownBy(() -> SharedMemory.open(shm.name())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("there is no shared memory named '" + shm.name() + "'");
        shm.unlink();
        shm.close();
    }

    @Test
    void closeUnmapsItInThisProcessOnly() {
        SharedMemory shm = SharedMemory.create(8);
        MemorySegment s = shm.segment();
        shm.close();
        shm.close();
        assertThatThrownBy(shm::segment).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> s.get(ValueLayout.JAVA_BYTE, 0)).isInstanceOf(IllegalStateException.class);
        try (SharedMemory again = SharedMemory.open(shm.name())) {
            assertThat(again.byteSize()).isEqualTo(8);
            again.unlink();
        }
    }

    @Test
    void badNamesSizesAndDuplicatesAreRefusedClearly() {
        assertThatThrownBy(() -> SharedMemory.create("../etc/passwd", 8)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("letters, digits");
        assertThatThrownBy(() -> SharedMemory.create("x", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1 byte");
        assertThatThrownBy(() -> SharedMemory.create("x", Long.MAX_VALUE)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("free");
        try (SharedMemory shm = SharedMemory.create(8)) {
            assertThatThrownBy(() -> SharedMemory.create(shm.name(), 8)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("exists already");
            shm.unlink();
        }
    }

    @Test
    void aJobThatCapturesASegmentIsToldToCaptureItsName(ProcessPool pool) {
        try (SharedMemory shm = SharedMemory.create(8)) {
            assertThatThrownBy(() -> pool.submit(() -> shm.byteSize())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("capture a SharedMemory by its name()");
            shm.unlink();
        }
    }
}
