package dev.weft.test.junit;

import dev.weft.test.Exploration;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

import java.lang.reflect.Method;

/**
 * Runs a {@link WeftTest} method under the explorer instead of once; registered by the
 * annotation itself.
 */
public final class WeftTestExtension implements InvocationInterceptor {

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
                                    ExtensionContext context) {
        invocation.skip();
        Object target = call.getTarget().orElse(null);
        Exploration e = ScenarioMethods.explore(target, call.getExecutable(), call.getArguments().toArray(), 0, null);
        if (e.failed()) {
            throw new AssertionError(e.toString(), e.failure());
        }
    }
}
