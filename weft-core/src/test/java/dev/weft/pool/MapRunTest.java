package dev.weft.pool;

import dev.weft.Weft;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The map family over both pools: input read lazily with a bounded number of chunks in flight
 * (so an infinite input works), results in order or as they come, failures and early stops that
 * call off what is in flight.
 */
@Timeout(60)
@ExtendWith(SharedPools.Resolver.class)
class MapRunTest {
    /** Counts up from zero forever, and counts what was taken. */
    static final class Naturals implements Iterable<Integer> {
        final AtomicLong taken = new AtomicLong();

        @Override
        public Iterator<Integer> iterator() {
            return new Iterator<>() {
                int next;

                @Override
                public boolean hasNext() {
                    return true;
                }

                @Override
                public Integer next() {
                    taken.incrementAndGet();
                    return next++;
                }
            };
        }
    }

    @Test
    void anInfiniteInputIsReadOnlyAsFarAsTheChunksInFlight(List<Pool> pools) {
        for (Pool pool : pools) {
            Naturals input = new Naturals();
            List<Integer> firstHundred = new ArrayList<>();
            try (MapResults<Integer> r = pool.imap(x -> x * 2, input, 4, 3)) {
                Iterator<Integer> it = r.iterator();
                while (firstHundred.size() < 100) {
                    firstHundred.add(it.next());
                }
            }
            assertThat(firstHundred).isEqualTo(IntStream.range(0, 100).map(x -> x * 2).boxed().toList());
            assertThat(input.taken.get()).as("%s read ahead at most 3 chunks of 4", pool).isLessThanOrEqualTo(100 + 3 * 4);
        }
    }

    @Test
    void mapUnorderedOnAnInfiniteInputIsBoundedToo(List<Pool> pools) {
        for (Pool pool : pools) {
            Naturals input = new Naturals();
            long sum = 0;
            try (MapResults<Integer> r = pool.mapUnordered(x -> x, input, 5, 2)) {
                Iterator<Integer> it = r.iterator();
                for (int i = 0; i < 50; i++) {
                    sum += it.next();
                }
            }
            assertThat(input.taken.get()).isLessThanOrEqualTo(50 + 2 * 5);
            assertThat(sum).isLessThanOrEqualTo((long) (50 + 10) * 60 / 2);
        }
    }

    @Test
    void theFirstFailureInInputOrderIsThrownAndTheRestCalledOff(List<Pool> pools) {
        for (Pool pool : pools) {
            List<Integer> input = IntStream.range(0, 100).boxed().toList();
            Throwable e = catchThrowable(() -> pool.map(x -> {
                if (x == 37) {
                    throw new IllegalArgumentException("bad item " + x);
                }
                return x;
            }, input, 10));
            assertThat(e).isInstanceOf(IllegalArgumentException.class).hasMessage("bad item 37");
            assertThat(pool.map(x -> x, List.of(1, 2), 1)).containsExactly(1, 2);
        }
    }

    @Test
    void anEmptyInputGivesNoResults(List<Pool> pools) {
        for (Pool pool : pools) {
            assertThat(pool.map(x -> x, List.<Integer>of(), 3)).isEmpty();
            assertThat(pool.mapUnordered(x -> x, List.<Integer>of(), 3).iterator().hasNext()).isFalse();
        }
    }

    @Test
    void resultsCanBeIteratedOnceAndEndWithNoSuchElement(List<Pool> pools) {
        MapResults<Integer> r = pools.getFirst().imap(x -> x, List.of(1), 1);
        Iterator<Integer> it = r.iterator();
        assertThat(it.next()).isEqualTo(1);
        assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(r::iterator).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anInputThatThrowsFailsTheMap(List<Pool> pools) {
        Iterable<Integer> broken = () -> new Iterator<>() {
            int n;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Integer next() {
                if (n == 7) {
                    throw new IllegalStateException("the input broke");
                }
                return n++;
            }
        };
        for (Pool pool : pools) {
            assertThatThrownBy(() -> pool.map(x -> x, broken, 2)).hasMessage("the input broke");
        }
    }

    @Test
    void badArgumentsAreRefusedClearly(List<Pool> pools) {
        Pool pool = pools.getFirst();
        assertThatThrownBy(() -> pool.map(x -> x, List.of(1), 0)).hasMessageContaining("chunkSize must be at least 1");
        assertThatThrownBy(() -> pool.imap(x -> x, List.of(1), 1, 0))
                .hasMessageContaining("maxChunksInFlight must be at least 1");
    }

    @Test
    void aCancelledConsumerCallsOffItsChunks(List<Pool> pools) {
        for (Pool pool : pools) {
            Throwable e = catchThrowable(() -> Weft.run(() -> Weft.withTimeout(java.time.Duration.ofMillis(50),
                    () -> pool.map(x -> Jobs.blockUntilInterrupted(), List.of(1, 2, 3), 1))));
            assertThat(e).isInstanceOf(dev.weft.TimedOutException.class).cause().isInstanceOf(CancellationException.class);
            assertThat(pool.map(x -> x + 1, List.of(1), 1)).as("%s is free again", pool).containsExactly(2);
        }
    }
}
