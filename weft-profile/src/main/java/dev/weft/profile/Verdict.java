package dev.weft.profile;

import java.util.List;

/**
 * What {@link Classifier} concluded from a {@link Profile}.
 *
 * @param bound          what limits the work
 * @param headline       the bound with its strongest evidence, e.g. "CPU-bound: CPU 1.98 s of 2.00 s wall, …"
 * @param evidence       each figure the conclusion rests on, as a sentence
 * @param recommendation how to run more of it
 * @param notConcluded   what could not be concluded for want of a figure, and which figure
 */
public record Verdict(Bound bound, String headline, List<String> evidence, Recommendation recommendation,
                      List<String> notConcluded) {
    /**
     * How to run many pieces of such work.
     *
     * @param execution the mode
     * @param size      loops, threads or workers (1 for a single loop)
     * @param why       the reason, in a sentence or two
     */
    public record Recommendation(Execution execution, int size, String why) {
        public String describe() {
            return execution.describe(size);
        }
    }

    public Verdict {
        evidence = List.copyOf(evidence);
        notConcluded = List.copyOf(notConcluded);
    }

    /** The headline, the evidence, the recommendation and what could not be concluded, for a terminal. */
    public String toText() {
        StringBuilder sb = new StringBuilder(headline).append('\n');
        sb.append("evidence:\n");
        evidence.forEach(e -> sb.append("  - ").append(e).append('\n'));
        sb.append("recommendation: ").append(recommendation.describe()).append(".\n  ")
                .append(recommendation.why()).append('\n');
        if (!notConcluded.isEmpty()) {
            sb.append("not concluded:\n");
            notConcluded.forEach(n -> sb.append("  - ").append(n).append('\n'));
        }
        return sb.toString();
    }
}
