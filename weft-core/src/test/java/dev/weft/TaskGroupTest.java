package dev.weft;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@link TaskGroup}: the nursery form ({@link TaskGroup#run}) and the try-with-resources form
 * ({@link TaskGroup#open}, {@link TaskGroup#join}, {@link TaskGroup#close}). After CPython's
 * test_asyncio/test_taskgroups.py and Trio's nursery tests. Everything runs on the virtual
 * clock, so times below are exact.
 */
class TaskGroupTest {
    private static final EventLoop.Options VIRTUAL = EventLoop.Options.defaults().withVirtualTime();
    private static final Duration HOUR = Duration.ofHours(1);
    private static final long MS = 1_000_000L;

    private static long now() {
        return Weft.loop().nanoTime();
    }

    /** {@code what} stamped with the loop's time in milliseconds, for traces. */
    private static String at(String what) {
        return what + " @" + now() / MS;
    }

    private static void sleepMs(long ms) {
        Weft.sleep(Duration.ofMillis(ms));
    }

    /** Sleeps an hour; records in {@code trace} when its finally block runs. */
    private static Void sleepForAnHour(Trace trace, String who) {
        try {
            Weft.sleep(HOUR);
        } finally {
            trace.add(at(who + " finally"));
        }
        return null;
    }

    /** Sleeps an hour; when cancelled, fails with {@code failure} instead of ending cancelled. */
    private static Void failInCleanup(RuntimeException failure) {
        try {
            Weft.sleep(HOUR);
        } catch (CancellationException e) {
            throw failure;
        }
        return null;
    }

    // ------------------------------------------------------------------ run: success

    @Test
    void runWaitsForAllChildrenAndReturnsTheBodysValue() {
        Trace trace = new Trace();
        String result = Weft.run(VIRTUAL, () -> {
            String value = TaskGroup.run(g -> {
                g.spawn(() -> {
                    sleepMs(20);
                    trace.add(at("a done"));
                    return null;
                });
                g.spawn(() -> {
                    sleepMs(10);
                    trace.add(at("b done"));
                    return null;
                });
                trace.add(at("body returns"));
                return "body value";
            });
            trace.add(at("run returned"));
            return value;
        });
        assertThat(result).isEqualTo("body value");
        trace.assertExactly("body returns @0", "b done @10", "a done @20", "run returned @20");
    }

    @Test
    void childrenResultsAreAvailableOnceRunReturns() {
        int sum = Weft.run(VIRTUAL, () -> {
            var tasks = TaskGroup.run(g -> List.of(
                    g.spawn(() -> {
                        sleepMs(5);
                        return 1;
                    }),
                    g.spawn(() -> 2)));
            assertThat(tasks).allSatisfy(t -> assertThat(t.state()).isEqualTo(Future.State.SUCCESS));
            return tasks.get(0).join() + tasks.get(1).join();
        });
        assertThat(sum).isEqualTo(3);
    }

    @Test
    void childrenSpawningGrandchildrenIntoTheGroupAreWaitedFor() {
        Trace trace = new Trace();
        Weft.run(VIRTUAL, () -> {
            TaskGroup.run(g -> {
                g.spawn(() -> {
                    sleepMs(10);
                    g.spawn(() -> {
                        sleepMs(20);
                        g.spawn(() -> {
                            sleepMs(5);
                            trace.add(at("great-grandchild done"));
                            return null;
                        });
                        trace.add(at("grandchild done"));
                        return null;
                    });
                    trace.add(at("child done"));
                    return null;
                });
                return null;
            });
            trace.add(at("run returned"));
            return null;
        });
        trace.assertExactly("child done @10", "grandchild done @30", "great-grandchild done @35", "run returned @35");
    }

    // ------------------------------------------------------------------ run: failures

    @Test
    void childFailureCancelsSiblingsAndIsReported() {
        Trace trace = new Trace();
        IllegalStateException boom = new IllegalStateException("boom");
        Task<?>[] sibling = new Task<?>[1];
        Task<?>[] failing = new Task<?>[1];
        TaskGroupException thrown = Weft.run(VIRTUAL, () -> {
            TaskGroupException e = catchThrowableOfType(TaskGroupException.class, () -> TaskGroup.run(g -> {
                sibling[0] = g.spawn(() -> sleepForAnHour(trace, "sibling"));
                failing[0] = g.spawn(() -> {
                    sleepMs(10);
                    trace.add(at("child fails"));
                    throw boom;
                });
                try {
                    Weft.sleep(HOUR);
                } catch (CancellationException c) {
                    trace.add(at("body cancelled"));
                    throw c;
                }
                return "not reached";
            }));
            trace.add(at("run threw"));
            return e;
        });
        assertThat(thrown).isNotNull();
        assertThat(thrown.failures()).singleElement().isSameAs(boom);
        assertThat(thrown.getCause()).isSameAs(boom);
        assertThat(sibling[0].state()).isEqualTo(Future.State.CANCELLED);
        assertThat(failing[0].state()).isEqualTo(Future.State.FAILED);
        trace.assertExactly("child fails @10", "sibling finally @10", "body cancelled @10", "run threw @10");
    }

    @Test
    void severalChildrenFailingAtTheSameInstantAreAllReportedInOrder() {
        RuntimeException a = new IllegalStateException("a");
        RuntimeException b = new IllegalArgumentException("b");
        RuntimeException c = new UnsupportedOperationException("c");
        TaskGroupException thrown = Weft.run(VIRTUAL, () -> catchThrowableOfType(TaskGroupException.class,
                () -> TaskGroup.run(g -> {
                    for (RuntimeException failure : List.of(a, b, c)) {
                        g.spawn(() -> {
                            sleepMs(10);
                            throw failure;
                        });
                    }
                    return null;
                })));
        assertThat(thrown).isNotNull();
        assertThat(thrown.failures()).hasSize(3);
        assertThat(thrown.failures().get(0)).isSameAs(a);
        assertThat(thrown.failures().get(1)).isSameAs(b);
        assertThat(thrown.failures().get(2)).isSameAs(c);
        assertThat(thrown.getSuppressed()).containsExactly(b, c);
    }

    @Test
    void failuresRaisedWhileHandlingCancellationAreReportedToo() {
        RuntimeException first = new IllegalStateException("first");
        RuntimeException cleanup1 = new IllegalStateException("cleanup 1");
        RuntimeException cleanup2 = new IllegalStateException("cleanup 2");
        TaskGroupException thrown = Weft.run(VIRTUAL, () -> catchThrowableOfType(TaskGroupException.class,
                () -> TaskGroup.run(g -> {
                    g.spawn(() -> failInCleanup(cleanup1));
                    g.spawn(() -> failInCleanup(cleanup2));
                    g.spawn(() -> {
                        sleepMs(10);
                        throw first;
                    });
                    return null;
                })));
        assertThat(thrown).isNotNull();
        assertThat(thrown.failures()).hasSize(3);
        assertThat(thrown.failures().get(0)).isSameAs(first);
        assertThat(thrown.failures().get(1)).isSameAs(cleanup1);
        assertThat(thrown.failures().get(2)).isSameAs(cleanup2);
    }

    @Test
    void checkedChildFailureIsReportedAsThrownNotWrapped() {
        IOException io = new IOException("disk on fire");
        TaskGroupException thrown = Weft.run(VIRTUAL, () -> catchThrowableOfType(TaskGroupException.class,
                () -> TaskGroup.run(g -> {
                    g.spawn(() -> {
                        sleepMs(1);
                        throw io;
                    });
                    return null;
                })));
        assertThat(thrown).isNotNull();
        assertThat(thrown.failures()).singleElement().isSameAs(io);
    }

    @Test
    void bodyFailureIsOneOfTheFailuresAndCancelsTheChildren() {
        Trace trace = new Trace();
        IllegalStateException bodyBoom = new IllegalStateException("body");
        Task<?>[] child = new Task<?>[1];
        TaskGroupException thrown = Weft.run(VIRTUAL, () -> {
            TaskGroupException e = catchThrowableOfType(TaskGroupException.class, () -> TaskGroup.run(g -> {
                child[0] = g.spawn(() -> sleepForAnHour(trace, "child"));
                sleepMs(10);
                throw bodyBoom;
            }));
            trace.add(at("run threw"));
            return e;
        });
        assertThat(thrown).isNotNull();
        assertThat(thrown.failures()).singleElement().isSameAs(bodyBoom);
        assertThat(child[0].state()).isEqualTo(Future.State.CANCELLED);
        trace.assertExactly("child finally @10", "run threw @10");
    }

    @Test
    void bodyAndChildFailuresAreReportedInTheOrderTheyHappened() {
        IllegalStateException bodyBoom = new IllegalStateException("body");
        IllegalStateException childCleanup = new IllegalStateException("child cleanup");
        TaskGroupException thrown = Weft.run(VIRTUAL, () -> catchThrowableOfType(TaskGroupException.class,
                () -> TaskGroup.run(g -> {
                    g.spawn(() -> failInCleanup(childCleanup));
                    sleepMs(10);
                    throw bodyBoom;
                })));
        assertThat(thrown).isNotNull();
        assertThat(thrown.failures()).hasSize(2);
        assertThat(thrown.failures().get(0)).isSameAs(bodyBoom);
        assertThat(thrown.failures().get(1)).isSameAs(childCleanup);
    }

    @Test
    void groupCancellationIsLevelTriggeredForTheBody() {
        Trace trace = new Trace();
        IllegalStateException boom = new IllegalStateException("boom");
        TaskGroupException thrown = Weft.run(VIRTUAL, () -> catchThrowableOfType(TaskGroupException.class,
                () -> TaskGroup.run(g -> {
                    g.spawn(() -> {
                        sleepMs(10);
                        throw boom;
                    });
                    try {
                        Weft.sleep(HOUR);
                    } catch (CancellationException first) {
                        trace.add(at("first wait cancelled"));
                    }
                    try {
                        Weft.sleep(HOUR);
                    } catch (CancellationException second) {
                        trace.add(at("second wait cancelled"));
                        throw second;
                    }
                    return null;
                })));
        assertThat(thrown).isNotNull();
        assertThat(thrown.failures()).singleElement().isSameAs(boom);
        trace.assertExactly("first wait cancelled @10", "second wait cancelled @10");
    }

    @Test
    void childFailureWhileTheBodyIsInsideATimeoutIsNotMistakenForATimeout() {
        IllegalStateException boom = new IllegalStateException("boom");
        TaskGroupException thrown = Weft.run(VIRTUAL, () -> catchThrowableOfType(TaskGroupException.class,
                () -> TaskGroup.run(g -> {
                    g.spawn(() -> {
                        sleepMs(10);
                        throw boom;
                    });
                    return Weft.withTimeout(HOUR, () -> sleepForAnHour(new Trace(), "body"));
                })));
        assertThat(thrown).isNotNull();
        assertThat(thrown.failures()).singleElement().isSameAs(boom);
    }

    @Test
    void childCancelledBySiblingIsNotAFailure() {
        Trace trace = new Trace();
        Task<?>[] victim = new Task<?>[1];
        String result = Weft.run(VIRTUAL, () -> TaskGroup.run(g -> {
            victim[0] = g.spawn(() -> sleepForAnHour(trace, "victim"));
            g.spawn(() -> {
                sleepMs(10);
                victim[0].cancel();
                return null;
            });
            return "fine";
        }));
        assertThat(result).isEqualTo("fine");
        assertThat(victim[0].state()).isEqualTo(Future.State.CANCELLED);
        trace.assertExactly("victim finally @10");
    }

    @Test
    void ownerCanWaitAgainAfterTheGroupFailed() {
        long woke = Weft.run(VIRTUAL, () -> {
            assertThatThrownBy(() -> TaskGroup.run(g -> {
                g.spawn(() -> {
                    sleepMs(10);
                    throw new IllegalStateException("boom");
                });
                Weft.sleep(HOUR);
                return null;
            })).isInstanceOf(TaskGroupException.class);
            sleepMs(5);
            return now();
        });
        assertThat(woke).isEqualTo(15 * MS);
    }

    @Test
    void childSpawnedWhileTheGroupIsCancellingStartsCancelled() {
        Trace trace = new Trace();
        Task<?>[] late = new Task<?>[1];
        Weft.run(VIRTUAL, () -> {
            assertThatThrownBy(() -> TaskGroup.run(g -> {
                g.spawn(() -> {
                    sleepMs(10);
                    throw new IllegalStateException("boom");
                });
                try {
                    Weft.sleep(HOUR);
                } finally {
                    late[0] = g.spawn(() -> {
                        trace.add("late child ran");
                        return null;
                    });
                }
                return null;
            })).isInstanceOf(TaskGroupException.class);
            return null;
        });
        assertThat(late[0].state()).isEqualTo(Future.State.CANCELLED);
        trace.assertExactly();
    }

    @Test
    void childEndingByAStrayCancellationIsNotAFailure() {
        String result = Weft.run(VIRTUAL, () -> {
            Task<String> cancelled = Weft.spawn(() -> {
                Weft.sleep(HOUR);
                return "never";
            });
            cancelled.cancel();
            return TaskGroup.run(g -> {
                g.spawn(cancelled::join);
                return "fine";
            });
        });
        assertThat(result).isEqualTo("fine");
    }

    @Test
    void bodyEndingByAStrayCancellationIsNotAFailure() {
        // The body joins a task that someone cancelled; its CancellationException is not a
        // failure (as for a child), so it must not land in failures(). asyncio re-raises it.
        Throwable thrown = Weft.run(VIRTUAL, () -> {
            Task<String> cancelled = Weft.spawn(() -> {
                Weft.sleep(HOUR);
                return "never";
            });
            cancelled.cancel();
            return catchThrowable(() -> TaskGroup.run(g -> cancelled.join()));
        });
        assertThat(thrown).isInstanceOf(CancellationException.class).isNotInstanceOf(TaskGroupException.class);
    }

    @Test
    void ownerCanWaitAgainAfterAChildFailedWhileTheBodyWasNotWaiting() {
        long woke = Weft.run(VIRTUAL, () -> {
            assertThatThrownBy(() -> TaskGroup.run(g -> {
                g.spawn(() -> {
                    throw new IllegalStateException("boom");
                });
                Weft.yieldNow(); // the child fails meanwhile; the body goes on without waiting again
                return "body value";
            })).isInstanceOf(TaskGroupException.class);
            sleepMs(5);
            return now();
        });
        assertThat(woke).isEqualTo(5 * MS);
    }

    @Test
    void bodyInAJdkBlockingCallIsInterruptedByAChildFailure() {
        Trace trace = new Trace();
        IllegalStateException boom = new IllegalStateException("boom");
        TaskGroupException thrown = Weft.run(() -> catchThrowableOfType(TaskGroupException.class,
                () -> TaskGroup.run(g -> {
                    g.spawn(() -> {
                        throw boom;
                    });
                    try {
                        Thread.sleep(HOUR);
                    } catch (InterruptedException e) {
                        trace.add("body interrupted");
                    }
                    return null;
                })));
        assertThat(thrown).isNotNull();
        assertThat(thrown.failures()).singleElement().isSameAs(boom);
        trace.assertExactly("body interrupted");
    }

    @Test
    void cancellingTheGroupStopsTheChildrenAndRunReturnsTheBodysValue() {
        Trace trace = new Trace();
        Task<?>[] kid = new Task<?>[1];
        String result = Weft.run(VIRTUAL, () -> TaskGroup.run(g -> {
            kid[0] = g.spawn(() -> sleepForAnHour(trace, "kid"));
            sleepMs(10);
            g.cancel();
            return "cancelled on purpose";
        }));
        assertThat(result).isEqualTo("cancelled on purpose");
        assertThat(kid[0].state()).isEqualTo(Future.State.CANCELLED);
        trace.assertExactly("kid finally @10");
    }

    @Test
    void timeoutAroundRunCancelsBodyAndChildrenAndTimesOut() {
        Trace trace = new Trace();
        Task<?>[] kid = new Task<?>[1];
        Weft.run(VIRTUAL, () -> {
            Throwable e = catchThrowable(
                    () -> Weft.withTimeout(Duration.ofMillis(10), () -> TaskGroup.run(g -> {
                        kid[0] = g.spawn(() -> sleepForAnHour(trace, "kid"));
                        return sleepForAnHour(trace, "body");
                    })));
            trace.add(at("withTimeout threw " + e.getClass().getSimpleName()));
            return null;
        });
        assertThat(kid[0].state()).isEqualTo(Future.State.CANCELLED);
        assertThat(trace.events()).hasSize(3);
        assertThat(trace.events().subList(0, 2)).containsExactlyInAnyOrder("kid finally @10", "body finally @10");
        assertThat(trace.events().get(2)).isEqualTo("withTimeout threw TimedOutException @10");
    }

    // ------------------------------------------------------------------ run: owner cancelled

    @Test
    void cancellingTheOwnerMakesRunThrowCancellationAfterAllChildrenEnded() {
        Trace trace = new Trace();
        Task<?>[] kids = new Task<?>[2];
        Weft.run(VIRTUAL, () -> {
            Task<String> owner = Weft.spawn("owner", () -> {
                try {
                    return TaskGroup.run(g -> {
                        kids[0] = g.spawn(() -> sleepForAnHour(trace, "kid 0"));
                        kids[1] = g.spawn(() -> sleepForAnHour(trace, "kid 1"));
                        try {
                            Weft.sleep(HOUR);
                        } finally {
                            trace.add(at("body finally"));
                        }
                        return "not reached";
                    });
                } catch (CancellationException e) {
                    trace.add(at("run threw CancellationException; kids "
                            + kids[0].state() + " " + kids[1].state()));
                    throw e;
                }
            });
            sleepMs(10);
            owner.cancel();
            assertThatThrownBy(owner::join).isInstanceOf(CancellationException.class);
            assertThat(owner.state()).isEqualTo(Future.State.CANCELLED);
            return null;
        });
        assertThat(trace.events()).hasSize(4);
        assertThat(trace.events().subList(0, 3))
                .containsExactlyInAnyOrder("kid 0 finally @10", "kid 1 finally @10", "body finally @10");
        assertThat(trace.events().get(3)).isEqualTo("run threw CancellationException; kids CANCELLED CANCELLED @10");
    }

    @Test
    void cancellingTheOwnerWhileRunWaitsForChildrenCancelsThem() {
        Trace trace = new Trace();
        Weft.run(VIRTUAL, () -> {
            Task<String> owner = Weft.spawn("owner", () -> TaskGroup.run(g -> {
                g.spawn(() -> sleepForAnHour(trace, "kid"));
                return "body returned at once";
            }));
            sleepMs(10);
            owner.cancel();
            Throwable e = catchThrowable(owner::join);
            trace.add(at("owner ended " + owner.state()));
            assertThat(e).isInstanceOf(CancellationException.class);
            return null;
        });
        trace.assertExactly("kid finally @10", "owner ended CANCELLED @10");
    }

    @Test
    void bodyThatSwallowsTheOwnersCancellationStillEndsInCancellation() {
        Trace trace = new Trace();
        Weft.run(VIRTUAL, () -> {
            Task<String> owner = Weft.spawn("owner", () -> TaskGroup.run(g -> {
                g.spawn(() -> sleepForAnHour(trace, "kid"));
                try {
                    Weft.sleep(HOUR);
                } catch (CancellationException swallowed) {
                    trace.add(at("body swallowed its cancellation"));
                }
                return "body value";
            }));
            sleepMs(10);
            owner.cancel();
            assertThatThrownBy(owner::join).isInstanceOf(CancellationException.class);
            return null;
        });
        trace.assertExactly("body swallowed its cancellation @10", "kid finally @10");
    }

    @Test
    void ownerCancelledWhileAChildFailsStillThrowsCancellationWithTheFailureSuppressed() {
        IllegalStateException cleanup = new IllegalStateException("cleanup failed");
        Throwable[] seen = new Throwable[1];
        Weft.run(VIRTUAL, () -> {
            Task<Object> owner = Weft.spawn("owner", () -> {
                try {
                    return TaskGroup.run(g -> {
                        g.spawn(() -> failInCleanup(cleanup));
                        Weft.sleep(HOUR);
                        return null;
                    });
                } catch (RuntimeException e) {
                    seen[0] = e;
                    throw e;
                }
            });
            sleepMs(10);
            owner.cancel();
            assertThatThrownBy(owner::join).isInstanceOf(CancellationException.class);
            return null;
        });
        assertThat(seen[0]).isInstanceOf(CancellationException.class).isNotInstanceOf(TaskGroupException.class);
        assertThat(seen[0].getSuppressed()).containsExactly(cleanup);
    }

    @Test
    void failuresReportedByTheGroupAreNotAlsoReportedAsUnjoined() {
        List<Throwable> reported = Collections.synchronizedList(new ArrayList<>());
        Weft.run(VIRTUAL.withFailureHandler((what, error) -> reported.add(error)), () -> {
            assertThatThrownBy(() -> TaskGroup.run(g -> {
                g.spawn(() -> {
                    sleepMs(1);
                    throw new IllegalStateException("a");
                });
                g.spawn(() -> {
                    sleepMs(1);
                    throw new IllegalStateException("b");
                });
                return null;
            })).isInstanceOf(TaskGroupException.class);
            try (TaskGroup g = TaskGroup.open()) {
                g.spawn(() -> {
                    throw new IllegalStateException("c");
                });
                assertThatThrownBy(g::join).isInstanceOf(TaskGroupException.class);
            }
            return null;
        });
        assertThat(reported).isEmpty();
    }

    // ------------------------------------------------------------------ open / join / close

    @Test
    void joinWaitsForAllChildren() {
        Trace trace = new Trace();
        Weft.run(VIRTUAL, () -> {
            try (TaskGroup g = TaskGroup.open()) {
                g.spawn(() -> {
                    sleepMs(20);
                    trace.add(at("a done"));
                    return null;
                });
                g.spawn(() -> {
                    sleepMs(10);
                    trace.add(at("b done"));
                    return null;
                });
                g.join();
                trace.add(at("joined"));
                assertThat(g.running()).isZero();
            }
            return null;
        });
        trace.assertExactly("b done @10", "a done @20", "joined @20");
    }

    @Test
    void joinThrowsTaskGroupExceptionAndFailureCancelsSiblings() {
        Trace trace = new Trace();
        IllegalStateException boom = new IllegalStateException("boom");
        Task<?>[] sibling = new Task<?>[1];
        TaskGroupException thrown = Weft.run(VIRTUAL, () -> catchThrowableOfType(TaskGroupException.class, () -> {
            try (TaskGroup g = TaskGroup.open()) {
                sibling[0] = g.spawn(() -> sleepForAnHour(trace, "sibling"));
                g.spawn(() -> {
                    sleepMs(10);
                    throw boom;
                });
                try {
                    g.join();
                } finally {
                    trace.add(at("join ended"));
                }
            }
        }));
        assertThat(thrown).isNotNull();
        assertThat(thrown.failures()).singleElement().isSameAs(boom);
        assertThat(sibling[0].state()).isEqualTo(Future.State.CANCELLED);
        trace.assertExactly("sibling finally @10", "join ended @10");
    }

    @Test
    void closeAfterJoinDoesNotRethrowTheSameFailures() {
        IllegalStateException boom = new IllegalStateException("boom");
        TaskGroupException thrown = Weft.run(VIRTUAL, () -> catchThrowableOfType(TaskGroupException.class, () -> {
            try (TaskGroup g = TaskGroup.open()) {
                g.spawn(() -> {
                    sleepMs(10);
                    throw boom;
                });
                g.join();
            }
        }));
        assertThat(thrown).isNotNull();
        assertThat(thrown.failures()).singleElement().isSameAs(boom);
        // close() ran after join threw; had it thrown again, try-with-resources would have
        // suppressed its exception on this one.
        assertThat(thrown.getSuppressed()).isEmpty();
    }

    @Test
    void closeCancelsChildrenStillRunningAndWaitsForThem() {
        Trace trace = new Trace();
        Task<?>[] kids = new Task<?>[2];
        Weft.run(VIRTUAL, () -> {
            try (TaskGroup g = TaskGroup.open()) {
                kids[0] = g.spawn(() -> sleepForAnHour(trace, "started kid"));
                Weft.yieldNow();
                kids[1] = g.spawn(() -> sleepForAnHour(trace, "unstarted kid"));
                sleepMs(10);
                trace.add(at("block ends"));
            }
            trace.add(at("after block: " + kids[0].state() + " " + kids[1].state()));
            return null;
        });
        trace.assertExactly("block ends @10", "started kid finally @10", "unstarted kid finally @10",
                "after block: CANCELLED CANCELLED @10");
    }

    @Test
    void exceptionLeavingTheBlockStillCancelsAndAwaitsTheChildren() {
        Trace trace = new Trace();
        IllegalStateException ownerFailure = new IllegalStateException("owner code failed");
        Task<?>[] kid = new Task<?>[1];
        Throwable thrown = Weft.run(VIRTUAL, () -> catchThrowable(() -> {
            try (TaskGroup g = TaskGroup.open()) {
                kid[0] = g.spawn(() -> sleepForAnHour(trace, "kid"));
                sleepMs(10);
                throw ownerFailure;
            } finally {
                trace.add(at("after block: kid " + kid[0].state()));
            }
        }));
        assertThat(thrown).isSameAs(ownerFailure);
        assertThat(thrown.getSuppressed()).isEmpty();
        trace.assertExactly("kid finally @10", "after block: kid CANCELLED @10");
    }

    @Test
    void closeWithoutJoinThrowsTheFailures() {
        IllegalStateException boom = new IllegalStateException("boom");
        Trace trace = new Trace();
        TaskGroupException thrown = Weft.run(VIRTUAL, () -> catchThrowableOfType(TaskGroupException.class, () -> {
            try (TaskGroup g = TaskGroup.open()) {
                g.spawn(() -> {
                    sleepMs(10);
                    throw boom;
                });
                // A failing child does not cancel the owner's own code in this form.
                sleepMs(20);
                trace.add(at("owner slept on"));
            }
        }));
        assertThat(thrown).isNotNull();
        assertThat(thrown.failures()).singleElement().isSameAs(boom);
        trace.assertExactly("owner slept on @20");
    }

    @Test
    void closingTwiceDoesNothing() {
        Weft.run(VIRTUAL, () -> {
            TaskGroup g = TaskGroup.open();
            g.spawn(() -> {
                sleepMs(1);
                throw new IllegalStateException("boom");
            });
            sleepMs(5);
            assertThatThrownBy(g::close).isInstanceOf(TaskGroupException.class);
            g.close();
            assertThat(now()).isEqualTo(5 * MS);
            return null;
        });
    }

    @Test
    void cancellingTheOwnerDuringJoinThrowsCancellationAfterChildrenEnded() {
        Trace trace = new Trace();
        Task<?>[] kid = new Task<?>[1];
        Weft.run(VIRTUAL, () -> {
            Task<Object> owner = Weft.spawn("owner", () -> {
                try (TaskGroup g = TaskGroup.open()) {
                    kid[0] = g.spawn(() -> sleepForAnHour(trace, "kid"));
                    g.join();
                } catch (RuntimeException e) {
                    trace.add(at("owner caught " + e.getClass().getSimpleName() + ", kid " + kid[0].state()));
                    throw e;
                }
                return null;
            });
            sleepMs(10);
            owner.cancel();
            assertThatThrownBy(owner::join).isInstanceOf(CancellationException.class);
            return null;
        });
        trace.assertExactly("kid finally @10", "owner caught CancellationException, kid CANCELLED @10");
    }

    // ------------------------------------------------------------------ spawn rules

    @Test
    void spawnAfterCloseIsRejected() {
        Weft.run(VIRTUAL, () -> {
            TaskGroup opened;
            try (TaskGroup g = TaskGroup.open()) {
                opened = g;
            }
            assertThatThrownBy(() -> opened.spawn(() -> null)).isInstanceOf(IllegalStateException.class);

            TaskGroup[] leaked = new TaskGroup[1];
            TaskGroup.run(g -> {
                leaked[0] = g;
                return null;
            });
            assertThatThrownBy(() -> leaked[0].spawn(() -> null)).isInstanceOf(IllegalStateException.class);
            return null;
        });
    }

    @Test
    void spawnFromAnotherThreadIsRejected() {
        Weft.run(VIRTUAL, () -> {
            try (TaskGroup g = TaskGroup.open()) {
                Throwable e = Weft.toThread(() -> catchThrowable(
                        () -> g.spawn(() -> null)));
                assertThat(e).isInstanceOf(IllegalStateException.class);
                assertThat(g.running()).isZero();
            }
            return null;
        });
    }

    @Test
    void openOutsideATaskIsRejected() {
        assertThatThrownBy(TaskGroup::open).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> TaskGroup.run(g -> null)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void openInALoopCallbackIsRejected() {
        Throwable seen = Weft.run(VIRTUAL, () -> {
            Promise<Throwable> outcome = new Promise<>();
            Weft.loop().callSoon(() -> outcome.complete(
                    catchThrowable(TaskGroup::open)));
            return outcome.join();
        });
        assertThat(seen).isInstanceOf(IllegalStateException.class);
    }

    // ------------------------------------------------------------------ nesting

    @Test
    void innerGroupFailureFailsTheOuterBody() {
        IllegalStateException boom = new IllegalStateException("inner boom");
        TaskGroupException outer = Weft.run(VIRTUAL, () -> catchThrowableOfType(TaskGroupException.class,
                () -> TaskGroup.run(o -> TaskGroup.run(i -> {
                    i.spawn(() -> {
                        sleepMs(10);
                        throw boom;
                    });
                    return null;
                }))));
        assertThat(outer).isNotNull();
        assertThat(outer.failures()).singleElement().isInstanceOf(TaskGroupException.class);
        TaskGroupException inner = (TaskGroupException) outer.failures().getFirst();
        assertThat(inner.failures()).singleElement().isSameAs(boom);
    }

    @Test
    void outerFailureCancelsTheInnerGroupsChildrenAndTheirCancellationIsNoFailure() {
        Trace trace = new Trace();
        IllegalStateException boom = new IllegalStateException("outer boom");
        Task<?>[] innerKid = new Task<?>[1];
        TaskGroupException outer = Weft.run(VIRTUAL, () -> catchThrowableOfType(TaskGroupException.class,
                () -> TaskGroup.run(o -> {
                    o.spawn(() -> {
                        sleepMs(10);
                        throw boom;
                    });
                    try {
                        return TaskGroup.run(i -> {
                            innerKid[0] = i.spawn(() -> sleepForAnHour(trace, "inner kid"));
                            Weft.sleep(HOUR);
                            return null;
                        });
                    } catch (RuntimeException e) {
                        trace.add(at("inner run threw " + e.getClass().getSimpleName()));
                        throw e;
                    }
                })));
        assertThat(outer).isNotNull();
        assertThat(outer.failures()).singleElement().isSameAs(boom);
        assertThat(innerKid[0].state()).isEqualTo(Future.State.CANCELLED);
        trace.assertExactly("inner kid finally @10", "inner run threw CancellationException @10");
    }

    @Test
    void childRunningItsOwnGroupCancelledByTheOuterGroupCancelsItsChildren() {
        Trace trace = new Trace();
        IllegalStateException boom = new IllegalStateException("boom");
        Task<?>[] middle = new Task<?>[1];
        Task<?>[] grandchild = new Task<?>[1];
        TaskGroupException outer = Weft.run(VIRTUAL, () -> catchThrowableOfType(TaskGroupException.class,
                () -> TaskGroup.run(o -> {
                    middle[0] = o.spawn(() -> TaskGroup.run(i -> {
                        grandchild[0] = i.spawn(() -> sleepForAnHour(trace, "grandchild"));
                        return null;
                    }));
                    o.spawn(() -> {
                        sleepMs(10);
                        throw boom;
                    });
                    return null;
                })));
        assertThat(outer).isNotNull();
        assertThat(outer.failures()).singleElement().isSameAs(boom);
        assertThat(middle[0].state()).isEqualTo(Future.State.CANCELLED);
        assertThat(grandchild[0].state()).isEqualTo(Future.State.CANCELLED);
        trace.assertExactly("grandchild finally @10");
    }
}
