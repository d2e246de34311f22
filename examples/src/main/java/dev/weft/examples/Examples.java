package dev.weft.examples;

import java.util.List;
import java.util.Optional;

/**
 * The examples by name, in the order a newcomer should read them; {@code weft example}
 * lists them and {@code weft tour} runs them all.
 */
public final class Examples {
    /** An example's entry point: its {@code main(String[])}. */
    @FunctionalInterface
    public interface Main {
        void main(String[] args) throws Exception;
    }

    /** One example: its name on the command line, a one-line description, and its main. */
    public record Example(String name, String description, Main main) {
    }

    private static final List<Example> ALL = List.of(
            new Example("hello",
                    "three tasks sleep at once; the root task gathers what they return",
                    Hello::main),
            new Example("pipeline",
                    "producer -> 4 workers -> consumer over bounded queues, ended by close(); nothing lost",
                    Pipeline::main),
            new Example("philosophers",
                    "five diners, forks taken in order: an hour of virtual time in a blink, no deadlock",
                    Philosophers::main),
            new Example("bank",
                    "2,000 concurrent transfers, per-account locks in a fixed order; the total is conserved",
                    Bank::main));

    private Examples() {
    }

    /** Every example, in reading order. */
    public static List<Example> all() {
        return ALL;
    }

    /** The example of that name, if there is one. */
    public static Optional<Example> find(String name) {
        return ALL.stream().filter(e -> e.name().equals(name)).findFirst();
    }
}
