package dev.weft.test.catalogue;

import java.util.List;

/** Every bug of the catalogue, in the order the documentation lists them. */
public final class Catalogue {
    private Catalogue() {
    }

    public static List<Bug> all() {
        return List.of(LostUpdate.bug(), CheckThenAct.bug(), TwoStepTransfer.bug(), LockOrderDeadlock.bug(),
                MissedSignal.bug(), EarlyStopOnClose.bug(), TimeoutLeaksLock.bug(), UseBeforeInit.bug(),
                ReplyOrder.bug());
    }

    /** The bug named {@code name}. @throws IllegalArgumentException naming the known ones if none is */
    public static Bug named(String name) {
        return all().stream().filter(b -> b.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("no bug named " + name + " in the catalogue; known: "
                        + all().stream().map(Bug::name).toList()));
    }
}
