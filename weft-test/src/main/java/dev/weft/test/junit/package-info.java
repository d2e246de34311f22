/**
 * JUnit 5 support: {@link dev.weft.test.junit.WeftTest @WeftTest} runs a test method under the
 * explorer ({@code seeds = N}) or replays one schedule ({@code replay = seed});
 * {@link dev.weft.test.junit.ScenarioMethods} finds and explores such methods for the
 * command line.
 */
package dev.weft.test.junit;
