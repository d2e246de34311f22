/**
 * Seeing inside: deadlock reports that name every party and resource and the four Coffman
 * conditions that hold. {@link dev.weft.diag.DeadlockException} is thrown in a waiter whose
 * wait could never end, starting with a task re-acquiring a {@code Lock} it already holds.
 */
package dev.weft.diag;
