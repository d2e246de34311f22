/**
 * Knowing the bound: measure a piece of work and say whether CPU, I/O, memory or the caches
 * limit it, and so whether to run more of it as tasks on a loop, on a thread pool or on a
 * process pool (DESIGN §7).
 *
 * <ul>
 * <li>{@link dev.weft.profile.Profiler} measures one run: CPU of every thread (those that came
 *     and went too) and time waiting for a CPU, time blocked and waiting, bytes allocated and GC
 *     time, read/write bytes and calls, storage traffic, page faults and context switches, the
 *     memory the work touched, and hardware counters through {@code perf stat} where the machine
 *     allows. Into a {@link dev.weft.profile.Profile} of {@link dev.weft.profile.Figure}s, each
 *     measured or unavailable with why.
 * <li>{@link dev.weft.profile.Classifier} turns a profile into a {@link dev.weft.profile.Verdict}:
 *     the {@link dev.weft.profile.Bound}, the evidence, a recommendation (an
 *     {@link dev.weft.profile.Execution} and a size), and what it could not conclude.
 * <li>{@link dev.weft.profile.ExternalProfiler} and {@link dev.weft.profile.MainProfiler}
 *     measure an external command and a Java {@code main} ({@code weft classify}).
 * <li>{@link dev.weft.profile.Machine}: cores, cache sizes, and the measured ladder of load
 *     latencies that says where memory begins.
 * </ul>
 *
 * <p>Linux only for the kernel's figures ({@code /proc}, {@code /sys}); elsewhere they are
 * unavailable and say so. Builds on {@code dev.weft} and {@code dev.weft.net} (for loops);
 * {@code dev.weft.profile.suite} holds the labelled workloads and {@code dev.weft.profile.bench}
 * the engine behind {@code weft bench}.
 */
package dev.weft.profile;
