package dev.weft.pool;

import java.io.ObjectInputFilter;
import java.util.ArrayList;
import java.util.List;

/**
 * Which classes a process pool deserializes, on both ends of the pipe: the worker reading a
 * job, the pool reading a result or a failure.
 *
 * <p>Admitted by default:
 * <ul>
 * <li>the application's classes — whatever the application class loader loaded from the class
 *     path, in any package, the unnamed one included: the jobs submitted and what they capture;
 * <li>the JDK's value types: classes of the packages {@code java.lang}, {@code java.util},
 *     {@code java.time} and {@code java.math} and their subpackages (serialized lambdas, boxed
 *     numbers, strings, collections, dates, big numbers, the common exceptions);
 * <li>Weft's own classes ({@code dev.weft.*});
 * <li>arrays of any of these, and primitives.
 * </ul>
 * Anything else is refused with {@link ClassNotAllowedException}, whose message names the class
 * and the option that admits it: {@link ProcessPool.Options#allow(String...)} with a class name,
 * a package ({@code com.example.*}) or a package and its subpackages ({@code com.example.**});
 * {@code "*"} admits everything. A stream is also refused if it nests deeper than
 * {@value #MAX_DEPTH} or declares an array longer than the stream itself.
 *
 * <p>Implementation notes: immutable; each stream gets its own {@link Check}, which remembers
 * the first class refused, since the JDK's own message does not name it. The extra patterns
 * reach a worker as the system property {@value #PROPERTY}.
 */
final class AllowList {
    static final String PROPERTY = "weft.pool.allow";
    static final int MAX_DEPTH = 1_000;
    private static final List<String> JDK_VALUE_PACKAGES = List.of("java.lang", "java.util", "java.time", "java.math");
    private static final AllowList DEFAULTS = new AllowList(List.of());

    private final List<String> patterns;
    private final boolean everything;

    private AllowList(List<String> patterns) {
        this.patterns = List.copyOf(patterns);
        this.everything = patterns.contains("*");
    }

    static AllowList defaults() {
        return DEFAULTS;
    }

    /**
     * The default list plus {@code patterns}.
     *
     * @throws IllegalArgumentException for a pattern that is not a class name, {@code pkg.*},
     *         {@code pkg.**} or {@code *}
     */
    static AllowList of(List<String> patterns) {
        for (String p : patterns) {
            if (!p.matches("\\*|[\\p{javaJavaIdentifierPart}.$]+(\\.\\*\\*?)?") || p.startsWith(".") || p.contains("..")) {
                throw new IllegalArgumentException("not a class name or package pattern: '" + p
                        + "' (write com.example.Point, com.example.* for a package, com.example.** with its subpackages,"
                        + " or * for everything)");
            }
        }
        return patterns.isEmpty() ? DEFAULTS : new AllowList(patterns);
    }

    /** The list a worker was started with, from {@value #PROPERTY}. */
    static AllowList fromSystemProperty() {
        List<String> ps = new ArrayList<>();
        for (String p : System.getProperty(PROPERTY, "").split(",")) {
            if (!p.isBlank()) {
                ps.add(p.strip());
            }
        }
        return of(ps);
    }

    /** The value of {@value #PROPERTY} that recreates this list in a worker. */
    String asProperty() {
        return String.join(",", patterns);
    }

    List<String> patterns() {
        return patterns;
    }

    /** True if {@code c} (for an array, its element class) may be deserialized. */
    boolean admits(Class<?> c) {
        c = element(c);
        if (c.isPrimitive() || everything) {
            return true;
        }
        ClassLoader loader = c.getClassLoader();
        boolean jdk = loader == null || loader == ClassLoader.getPlatformClassLoader();
        if (jdk && inPackages(c.getPackageName(), JDK_VALUE_PACKAGES)) {
            return true;
        }
        if (!jdk && (loader == ClassLoader.getSystemClassLoader() || c.getName().startsWith("dev.weft."))) {
            return true;
        }
        return matchesPattern(c.getName());
    }

    private static Class<?> element(Class<?> c) {
        while (c.isArray()) {
            c = c.getComponentType();
        }
        return c;
    }

    private static boolean inPackages(String pkg, List<String> roots) {
        for (String root : roots) {
            if (pkg.equals(root) || pkg.startsWith(root) && pkg.charAt(root.length()) == '.') {
                return true;
            }
        }
        return false;
    }

    private boolean matchesPattern(String name) {
        int dot = name.lastIndexOf('.');
        String pkg = dot > 0 ? name.substring(0, dot) : "";
        for (String p : patterns) {
            if (p.endsWith(".**") ? inPackages(pkg, List.of(p.substring(0, p.length() - 3)))
                    : p.endsWith(".*") ? pkg.equals(p.substring(0, p.length() - 2))
                    : p.equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** The message for a refused class: what was refused, by whom, and how to admit it. */
    static String refusal(String className, String reader) {
        int dot = className.lastIndexOf('.');
        return className + " is not on the process pool's allow-list, so " + reader + " refused to deserialize it"
                + " (admitted by default: the application's own classes, the JDK's java.lang, java.util, java.time"
                + " and java.math, arrays, serialized lambdas and dev.weft); admit it with"
                + " ProcessPool.Options.allow(\"" + className + "\")"
                + (dot > 0 ? " or its package with allow(\"" + className.substring(0, dot) + ".*\")" : "");
    }

    /** A filter for one stream of {@code streamBytes} bytes, remembering the first class it refused. */
    Check newCheck(long streamBytes) {
        return new Check(this, streamBytes);
    }

    static final class Check implements ObjectInputFilter {
        private final AllowList list;
        private final long streamBytes;
        private String refused;

        Check(AllowList list, long streamBytes) {
            this.list = list;
            this.streamBytes = streamBytes;
        }

        @Override
        public Status checkInput(FilterInfo info) {
            if (info.depth() > MAX_DEPTH || info.arrayLength() > streamBytes) {
                return Status.REJECTED;
            }
            Class<?> c = info.serialClass();
            if (c == null) {
                return Status.UNDECIDED;
            }
            if (list.admits(c)) {
                return Status.ALLOWED;
            }
            if (refused == null) {
                refused = element(c).getName();
            }
            return Status.REJECTED;
        }

        /** The first class refused, or null. */
        String refused() {
            return refused;
        }
    }

    @Override
    public String toString() {
        return "AllowList[defaults" + (patterns.isEmpty() ? "" : " + " + patterns) + "]";
    }
}
