/**
 * The labelled workloads: four per {@link dev.weft.profile.Bound}, each of a different shape
 * (CPU: trial division, a segmented sieve in L1, SHA-256, Mandelbrot; I/O: timer waits, loopback
 * TCP round trips, O_DIRECT file reads, fsync'd appends; memory: a 1 GiB stream, pointer chasing
 * and random gathers over hundreds of MiB, bulk copies; cache: random reads, pointer chasing, a
 * histogram and binary searches within 1.5 MiB, inside L2). {@link dev.weft.profile.suite.Suite}
 * lists them, {@link dev.weft.profile.suite.SuiteRun} classifies them; the classifier's test
 * requires 15 of 16 right, and {@code weft bench} runs them.
 */
package dev.weft.profile.suite;
