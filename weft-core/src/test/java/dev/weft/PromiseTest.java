package dev.weft;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PromiseTest {
    private static final EventLoop.Options VIRTUAL = EventLoop.Options.defaults().withVirtualTime();

    @Test
    void waitersSeeTheValueOnceCompleted() {
        Weft.run(VIRTUAL, () -> {
            Promise<String> p = new Promise<>();
            Task<String> a = Weft.spawn(p::join);
            Task<String> b = Weft.spawn(p::join);
            Weft.sleep(Duration.ofSeconds(1));
            assertThat(a.isDone()).isFalse();
            assertThat(p.complete("v")).isTrue();
            assertThat(a.join()).isEqualTo("v");
            assertThat(b.join()).isEqualTo("v");
            return null;
        });
    }

    @Test
    void itSettlesOnlyOnce() {
        Promise<Integer> p = new Promise<>();
        assertThat(p.complete(1)).isTrue();
        assertThat(p.complete(2)).isFalse();
        assertThat(p.fail(new RuntimeException())).isFalse();
        assertThat(p.cancel()).isFalse();
        assertThat(p.join()).isEqualTo(1);
        assertThat(p.state()).isEqualTo(Future.State.SUCCESS);
    }

    @Test
    void aFailureIsRethrownAsGivenAndCheckedOnesWrapped() {
        Promise<Integer> runtime = new Promise<>();
        IllegalStateException boom = new IllegalStateException();
        runtime.fail(boom);
        assertThatThrownBy(runtime::join).isSameAs(boom);
        Promise<Integer> checked = new Promise<>();
        IOException io = new IOException();
        checked.fail(io);
        assertThatThrownBy(checked::join).isInstanceOf(TaskFailedException.class).hasCause(io);
    }

    @Test
    void aCancelledPromiseThrowsCancellationException() {
        Promise<Integer> p = new Promise<>();
        p.cancel();
        assertThatThrownBy(p::join).isInstanceOf(CancellationException.class);
        assertThat(p.isCancelled()).isTrue();
    }

    @Test
    void aThreadCanCompleteWhatATaskAwaits() {
        int v = Weft.run(() -> {
            Promise<Integer> p = new Promise<>();
            Thread.ofPlatform().start(() -> p.complete(5));
            return p.join();
        });
        assertThat(v).isEqualTo(5);
    }

    @Test
    void aThreadCanAwaitWhatATaskCompletes() throws Exception {
        Promise<Integer> p = new Promise<>();
        CountDownLatch got = new CountDownLatch(1);
        Thread waiter = Thread.ofPlatform().start(() -> {
            assertThat(p.join()).isEqualTo(9);
            got.countDown();
        });
        Weft.run(() -> p.complete(9));
        waiter.join();
        assertThat(got.getCount()).isZero();
    }

    @Test
    void aCancelledWaiterLeavesThePromiseUnsettled() {
        Weft.run(VIRTUAL, () -> {
            Promise<Integer> p = new Promise<>();
            Task<Integer> waiter = Weft.spawn(p::join);
            Weft.yieldNow();
            waiter.cancel();
            assertThatThrownBy(waiter::join).isInstanceOf(CancellationException.class);
            assertThat(p.isDone()).isFalse();
            return null;
        });
    }
}
