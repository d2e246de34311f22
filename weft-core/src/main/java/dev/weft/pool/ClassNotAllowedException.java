package dev.weft.pool;

/**
 * Thrown when a process pool refuses to deserialize a class its allow-list does not admit: a
 * worker refusing a job, or the pool refusing a result. The message names the class and the
 * {@link ProcessPool.Options#allow(String...)} pattern that admits it.
 */
public class ClassNotAllowedException extends RuntimeException {
    private final String className;

    public ClassNotAllowedException(String className, String message) {
        super(message);
        this.className = className;
    }

    /** The refused class's binary name ({@code java.net.URI}); for an array, its element class. */
    public String className() {
        return className;
    }
}
