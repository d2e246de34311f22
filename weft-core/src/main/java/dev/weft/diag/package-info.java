/**
 * Seeing inside: deadlocks found the moment they form, explained in Coffman's terms; lock-order
 * inversions; stalls; swallowed cancellations.
 *
 * <ul>
 * <li>{@link dev.weft.diag.WaitForGraph} — the wait-for graph. Every untimed wait in Weft is an
 *     edge from the waiter to whoever could end it ({@link dev.weft.Wakers}: a lock's holder, a
 *     semaphore's holders, a queue's producers, a joined task, a group's children, a pool
 *     worker); {@code CycleSearch} checks, from the new edge only, whether the
 *     waiter can still be woken. A cycle ends in {@link dev.weft.diag.DeadlockException} in one
 *     waiter, or a report, as {@code EventLoop.Options.withDeadlockPolicy} says; platform
 *     threads blocked in JVM locks are followed through {@code ThreadMXBean}.
 *     {@code GlobalDeadlock}: on a virtual clock, every task asleep with nothing
 *     left to wake one.
 * <li>{@link dev.weft.diag.DeadlockReport} — parties, what they hold and wait for, where they
 *     began to wait, the four conditions as they hold, the fixes; as text and as Graphviz DOT.
 * <li>{@link dev.weft.diag.Tracked} — what each task and thread holds, and the order locks are
 *     taken in ({@code LockOrder}, after lockdep): inversions are logged, never thrown.
 * <li>{@link dev.weft.diag.Watchdog} — stalls (a step holding its loop past the threshold),
 *     swallowed cancellations, mixed cycles closed by a JVM lock; and {@link dev.weft.diag.WeftMXBean},
 *     through which {@code weft dump PID} reads {@code Weft.dumpTasks()} from a running program.
 * <li>{@link dev.weft.diag.Diagnosis} — the evidence handed to a loop's diagnostics handler.
 * </ul>
 *
 * <p>Built on {@code dev.weft} and the {@code dev.weft.spi} observers it finds with
 * {@link java.util.ServiceLoader}; nothing here reaches into the loop. All of it is on by default
 * and off with {@code -Dweft.diagnostics=off}.
 */
package dev.weft.diag;
