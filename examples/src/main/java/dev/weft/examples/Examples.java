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

    /** One example: its name on the command line, its arguments, a one-line description, and its main. */
    public record Example(String name, String arguments, String description, Main main) {
    }

    /** Thrown when an example is given arguments it cannot read; the message says which. */
    public static final class UsageException extends IllegalArgumentException {
        public UsageException(String message) {
            super(message);
        }
    }

    private static final List<Example> ALL = List.of(
            new Example("hello", "",
                    "three tasks sleep at once; the root task gathers what they return",
                    Hello::main),
            new Example("pipeline", "[ITEMS [WORKERS [CAPACITY]]]",
                    "producer -> 4 workers -> consumer over bounded queues, ended by close(); nothing lost",
                    Pipeline::main),
            new Example("philosophers", "[SEED]",
                    "five diners, forks taken in order: an hour of virtual time in a blink, no deadlock",
                    Philosophers::main),
            new Example("bank", "[--no-locks] [SEED]",
                    "2,000 concurrent transfers, per-account locks in a fixed order; the total is conserved",
                    Bank::main),
            new Example("deadlock", "[SEEDS]",
                    "naive philosophers and transfers deadlock: Weft's report; then the fixed versions, no report",
                    Deadlock::main),
            new Example("echo", "[PORT]",
                    "a TCP echo server, a task per connection; without PORT, three clients talk to it and it stops",
                    Echo::main),
            new Example("chat", "[PORT]",
                    "a chat room: each line goes to every other client; the room needs no lock on one loop",
                    Chat::main),
            new Example("http", "[PORT [ROOT]]",
                    "HTTP/1.1 hello and static files: keep-alive, pipelining, chunked, 400/408/413/431",
                    Http::main),
            new Example("crawler", "[IN_FLIGHT]",
                    "fetches the 1000 pages of a local site following links, at most N at once via a Semaphore",
                    Crawler::main),
            new Example("primes", "[LIMIT [WORKERS]]",
                    "counts the primes below 50 million: sequentially, with a ThreadPool, with a ProcessPool",
                    Primes::main));

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

    /** The whole number {@code args[index]}, or {@code otherwise} when there are fewer arguments. */
    static long number(String[] args, int index, String what, long otherwise) {
        if (index >= args.length) {
            return otherwise;
        }
        try {
            return Long.parseLong(args[index]);
        } catch (NumberFormatException e) {
            throw new UsageException(what + " must be a whole number, not '" + args[index] + "'");
        }
    }

    /** The count {@code args[index]}, at least {@code least}, or {@code otherwise} when there are fewer arguments. */
    static int count(String[] args, int index, String what, int otherwise, int least) {
        long count = number(args, index, what, otherwise);
        if (count < least || count > Integer.MAX_VALUE) {
            throw new UsageException(what + " must be at least " + least + ", not " + count);
        }
        return (int) count;
    }
}
