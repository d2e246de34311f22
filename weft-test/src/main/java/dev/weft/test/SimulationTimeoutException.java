package dev.weft.test;

/**
 * Thrown when a simulated run does not end within its bounds: more scheduling steps than its
 * step limit (a livelock, or a spin loop on {@code Simulation.point()}), or more virtual time
 * than its time limit while something was still scheduled to happen. Raise the bound on the
 * {@link Explorer.Builder} if the scenario is meant to run that long.
 */
public class SimulationTimeoutException extends RuntimeException {
    SimulationTimeoutException(String message) {
        super(message);
    }
}
