package dev.weft;

/** Something scheduled that can be called off, such as a timer from {@link EventLoop#callLater}. */
public interface Cancellable {

    /**
     * Calls it off if it has not happened yet. Never blocks.
     *
     * @return true if this call stopped it; false if it already ran or was already cancelled
     */
    boolean cancel();
}
