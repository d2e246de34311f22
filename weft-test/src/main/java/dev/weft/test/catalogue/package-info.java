/**
 * A catalogue of classic concurrency bugs, each a small {@link dev.weft.test.Scenario} with
 * the bug and the same scenario fixed: lost update across a wait, check-then-act, an
 * atomicity violation in a two-step transfer, a lock-order deadlock, a missed signal on a
 * condition, a queue consumer that stops early on close, a timeout that leaks a held lock,
 * use before init, and replies paired with requests by their arrival order across two
 * connections (which only the simulated network's reordering shows). The explorer finds each
 * bug within its default budget; no schedule breaks a fixed version. They are also the
 * workload of the exploration benchmark.
 */
package dev.weft.test.catalogue;
