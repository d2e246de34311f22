/**
 * The {@code weft} command line (picocli). {@link dev.weft.cli.WeftCommand} is the top;
 * each subcommand is one class here: {@code example} ({@link dev.weft.cli.ExampleCommand})
 * and {@code tour} ({@link dev.weft.cli.TourCommand}) now, {@code bench}, {@code serve},
 * {@code classify} and {@code explore} as their modules arrive. A subcommand prints through
 * its {@code CommandSpec}'s writers and returns an exit code; it does not call {@code System.exit}.
 */
package dev.weft.cli;
