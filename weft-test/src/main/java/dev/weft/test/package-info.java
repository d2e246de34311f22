/**
 * Deterministic simulation and schedule exploration for Weft programs.
 *
 * <ul>
 * <li>{@link dev.weft.test.Simulation} runs code on a virtual clock with a seeded scheduler:
 *     the same seed, the same run. {@code Simulation.thread} starts a preemptible simulated
 *     thread, {@code Simulation.point()} marks an explicit switch point.
 * <li>{@link dev.weft.test.SimNetwork} ({@code Simulation.network()}) is the in-memory network
 *     every {@code TcpServer} and {@code TcpStream} of a simulation runs on, unchanged:
 *     {@linkplain dev.weft.test.SimHost hosts}, latency and reordering, resets, drops and
 *     partitions, all drawn from the seed.
 * <li>{@link dev.weft.test.Explorer} runs a {@link dev.weft.test.Scenario} under many
 *     schedules ({@link dev.weft.test.Strategy#RANDOM random walk} or
 *     {@link dev.weft.test.Strategy#PCT PCT}) and returns an {@link dev.weft.test.Exploration}:
 *     the failing seed, the failure, a shrunk trace and the command that replays it.
 * <li>{@link dev.weft.test.junit.WeftTest @WeftTest} runs a JUnit 5 test method under the
 *     explorer; {@code ./weft explore --class} runs such a class from the command line.
 * <li>{@link dev.weft.test.catalogue} holds classic bugs and their fixes, as examples and as
 *     the explorer's own test bed.
 * </ul>
 *
 * <p>Built on {@code dev.weft.spi} — a virtual {@code Clock}, a {@code SchedulingPolicy}
 * that sees which ready entries are tasks, and an {@code Instrument} whose
 * {@code switchPoint} hook every Weft waiting operation calls — and on
 * {@code dev.weft.net.Transport}, the seam the simulated network plugs into as a service of
 * the simulated loop.
 */
package dev.weft.test;
