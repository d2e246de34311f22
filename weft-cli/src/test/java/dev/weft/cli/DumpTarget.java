package dev.weft.cli;

import dev.weft.Weft;
import dev.weft.sync.Event;

/** A Weft program for {@link DumpCommandTest} to dump: two named tasks wait until stdin closes. */
public final class DumpTarget {
    private DumpTarget() {
    }

    public static void main(String[] args) throws Exception {
        Event quit = new Event("quit");
        Thread.ofPlatform().daemon().start(() -> {
            try {
                while (System.in.read() >= 0) {
                    // wait for the parent to close our stdin
                }
            } catch (java.io.IOException e) {
                // the parent is gone
            }
            quit.set();
        });
        Weft.run(() -> {
            Weft.spawn("dump-target-waiter", () -> {
                quit.await();
                return null;
            });
            Weft.spawn("dump-target-sleeper", () -> {
                Weft.sleep(java.time.Duration.ofHours(1));
                return null;
            });
            System.out.println("ready");
            System.out.flush();
            quit.await();
            Weft.loop().tasks().forEach(dev.weft.Task::cancel);
            return null;
        });
    }
}
