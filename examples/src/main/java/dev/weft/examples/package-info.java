/**
 * Small programs a newcomer reads first, each one file with a {@code main} and a header
 * comment that says what it shows: {@link dev.weft.examples.Hello} (the README's example),
 * {@link dev.weft.examples.Pipeline}, {@link dev.weft.examples.Philosophers} and
 * {@link dev.weft.examples.Bank}. {@link dev.weft.examples.Examples} lists them for
 * {@code weft example NAME} and {@code weft tour}. Each has a {@code run(...)} that returns
 * what it found, so its test can check it. They use only Weft's public API.
 */
package dev.weft.examples;
