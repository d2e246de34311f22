/**
 * The seams that tests and tools plug into an event loop.
 *
 * <p>{@link dev.weft.spi.Clock} (real or {@link dev.weft.spi.VirtualClock virtual}) and
 * {@link dev.weft.spi.SchedulingPolicy} (first-come first-served or seeded) are, with
 * {@code EventLoop.callSoonThreadsafe}, the only ways nondeterminism enters a loop: a
 * simulation that controls all three replays a run exactly. {@link dev.weft.spi.Instrument}
 * is how diagnostics and profilers watch tasks spawn, step, wait and exit.
 *
 * <p>Choose them through {@code EventLoop.Options}: {@code withVirtualTime()},
 * {@code withSeed(long)}, {@code withInstrument(Instrument)}.
 */
package dev.weft.spi;
