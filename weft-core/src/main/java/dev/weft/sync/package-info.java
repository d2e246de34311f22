/**
 * Locks, semaphores, events, conditions, barriers and queues that work the same from tasks
 * (the task waits, its loop runs on) and from plain threads (the thread blocks).
 *
 * <p>Reach for {@link dev.weft.sync.Queue} to pass work between tasks and threads,
 * {@link dev.weft.sync.Lock} to guard state shared across loops or threads (tasks of one loop
 * need no lock between waiting points), {@link dev.weft.sync.Semaphore} to bound concurrency,
 * {@link dev.weft.sync.Event} to announce that something happened.
 *
 * <p>All are built on {@link dev.weft.WaitQueue}: waiters are served first come, first
 * served; every wait can be cancelled and can time out; a value handed to a waiter is never
 * lost to a cancellation that arrives at the same moment.
 */
package dev.weft.sync;
