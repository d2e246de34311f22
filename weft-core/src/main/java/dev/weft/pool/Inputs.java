package dev.weft.pool;

import java.lang.invoke.SerializedLambda;
import java.util.Arrays;
import java.util.List;

/**
 * Describes what a job was run on, for crash reports: a map chunk's items, or the values a
 * lambda captured (read from its {@link SerializedLambda}), shortened to a readable length.
 */
final class Inputs {
    static final int MAX = 300;

    private Inputs() {
    }

    /** {@code value}'s text, cut to {@value #MAX} characters; a failing toString is named, not thrown. */
    static String describe(Object value) {
        String s;
        try {
            s = String.valueOf(value);
        } catch (RuntimeException e) {
            s = value.getClass().getName() + " (toString failed: " + e + ")";
        }
        return s.length() <= MAX ? s : s.substring(0, MAX) + "… (" + s.length() + " chars)";
    }

    /** What a job is and what it captured: {@code Foo.lambda$bar$0 with [42, "x"]}. */
    static String describeJob(Object job) {
        if (job instanceof Chunk<?, ?> chunk) {
            return "map chunk " + chunk;
        }
        SerializedLambda lambda = LambdaCodec.takeApart(job);
        if (lambda == null) {
            return describe(job);
        }
        List<Object> captured = Arrays.asList(LambdaCodec.captured(lambda));
        String where = lambda.getImplClass().replace('/', '.') + "." + lambda.getImplMethodName();
        return describe(where + (captured.isEmpty() ? " (captures nothing)" : " with " + captured));
    }
}
