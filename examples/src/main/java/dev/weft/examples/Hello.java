// hello — the README's first example: three tasks sleep at once, and the root task
// gathers what they return. Sleeps of 100, 200 and 300 ms end after about 300 ms,
// because a sleeping task hands the loop to the others.
// The lines between the README markers are the README's example; HelloTest keeps them equal.
package dev.weft.examples;

// README:begin
import dev.weft.Task;
import dev.weft.Weft;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

public final class Hello {
    public static List<String> run() {
        return Weft.run(() -> {                        // a loop on this thread; this lambda is its root task
            List<Task<String>> greeters = IntStream.rangeClosed(1, 3)
                    .mapToObj(n -> Weft.spawn("greeter-" + n, () -> {
                        Weft.sleep(Duration.ofMillis(100L * n));  // waits; the other tasks run
                        return "hello from task " + n;
                    }))
                    .toList();
            return greeters.stream().map(Task::join).toList();   // gather, in order
        });
    }

    public static void main(String[] args) {
        run().forEach(System.out::println);
    }
}
// README:end
