package dev.weft.test.junit;

import dev.weft.test.Exploration;
import dev.weft.test.Explorer;
import dev.weft.test.Scenario;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;

/**
 * Explores {@link WeftTest} methods: for the JUnit extension and for {@code weft explore}.
 */
public final class ScenarioMethods {
    private ScenarioMethods() {
    }

    /** The {@link WeftTest} methods of {@code type}, in name order. */
    public static List<Method> of(Class<?> type) {
        return Arrays.stream(type.getDeclaredMethods()).filter(m -> m.isAnnotationPresent(WeftTest.class))
                .sorted((a, b) -> a.getName().compareTo(b.getName())).toList();
    }

    /**
     * Explores (or replays) {@code method} on {@code target} as a scenario, with its
     * {@link WeftTest} settings.
     *
     * @param seeds  schedules to try instead of the annotation's (and {@code weft.seeds}'); 0 to keep them
     * @param replay a seed to replay instead of exploring; null for the annotation's (or {@code weft.replay})
     */
    public static Exploration explore(Object target, Method method, Object[] args, int seeds, Long replay) {
        WeftTest settings = method.getAnnotation(WeftTest.class);
        if (settings == null) {
            throw new IllegalArgumentException(method + " is not annotated @WeftTest");
        }
        method.setAccessible(true);
        Scenario scenario = () -> {
            try {
                method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw sneaky(e.getCause());
            }
        };
        int schedules = seeds > 0 ? seeds : Integer.getInteger("weft.seeds", settings.seeds());
        Long seed = replay != null ? replay : replayProperty(settings);
        Explorer.Configured explorer = Explorer.builder().seeds(schedules).strategy(settings.strategy())
                .depth(settings.depth()).replayCommand("./weft explore --class " + method.getDeclaringClass().getName()
                        + " --method " + method.getName() + " --replay {seed}")
                .build();
        return seed != null ? explorer.replay(seed, scenario) : explorer.explore(scenario);
    }

    private static Long replayProperty(WeftTest settings) {
        String property = System.getProperty("weft.replay");
        if (property != null && !property.isBlank()) {
            try {
                return Long.decode(property.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("weft.replay must be a seed (a number), was " + property, e);
            }
        }
        return settings.replay() == WeftTest.NO_REPLAY ? null : settings.replay();
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> RuntimeException sneaky(Throwable e) throws E {
        throw (E) e;
    }
}
