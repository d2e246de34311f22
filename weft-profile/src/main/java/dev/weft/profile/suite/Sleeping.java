package dev.weft.profile.suite;

import dev.weft.profile.Bound;

/** I/O: waits 4 ms on a timer, as a call to a slow service would; in a task it parks only that task. */
final class Sleeping implements Workload {
    @Override
    public String name() {
        return "sleeping";
    }

    @Override
    public Bound label() {
        return Bound.IO;
    }

    @Override
    public String shape() {
        return "waits 4 ms on a timer, like a call to a slow service";
    }

    @Override
    public Prepared prepare() {
        return () -> Thread.sleep(4);
    }
}
