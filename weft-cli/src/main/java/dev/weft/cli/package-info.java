/**
 * The {@code weft} command line (picocli). {@link dev.weft.cli.WeftCommand} is the top;
 * each subcommand is one class here: {@code example} ({@link dev.weft.cli.ExampleCommand})
 * and {@code tour} ({@link dev.weft.cli.TourCommand}), {@code serve}, {@code explore},
 * {@code bench} ({@link dev.weft.cli.BenchCommand}) and {@code classify}
 * ({@link dev.weft.cli.ClassifyCommand}). A subcommand prints through
 * its {@code CommandSpec}'s writers and returns an exit code; it does not call {@code System.exit}.
 */
package dev.weft.cli;
