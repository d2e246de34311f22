package dev.weft.pool;

import dev.weft.TaskFailedException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * What frames carry: Java serialization of jobs, results and failures (a lambda in its own
 * form, {@link LambdaCodec}), read back through an {@link AllowList} on whichever side reads.
 *
 * <p>A failure travels as its class name, message and stack (JDK value types, always
 * admitted) beside the serialized throwable itself, so that a throwable whose class the reader
 * does not admit, or that cannot be serialized at all, still arrives as a readable
 * {@link TaskFailedException} with the worker's stack instead of vanishing.
 *
 * <p>Implementation notes: stateless; each call uses its own streams, so every frame stands
 * alone (a new worker needs no history).
 */
final class Codec {
    private Codec() {
    }

    /**
     * Serializes {@code value}.
     *
     * @throws NotSerializableException naming the part that is not serializable
     */
    static byte[] serialize(Object value) throws NotSerializableException {
        byte[] lambda = LambdaCodec.encode(value);
        if (lambda != null) {
            return lambda;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (NotSerializableException e) {
            throw e;
        } catch (IOException e) {
            NotSerializableException n = new NotSerializableException(e.toString());
            n.initCause(e);
            throw n;
        }
        return bytes.toByteArray();
    }

    /**
     * Deserializes {@code bytes}, admitting only what {@code allow} admits.
     *
     * @param reader who reads, for the error message: "the worker", "the pool"…
     * @throws ClassNotAllowedException naming the first class refused and how to admit it
     */
    static Object deserialize(byte[] bytes, AllowList allow, String reader) throws IOException, ClassNotFoundException {
        if (LambdaCodec.isLambda(bytes)) {
            return LambdaCodec.decode(bytes, allow, reader);
        }
        AllowList.Check check = allow.newCheck(bytes.length);
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            in.setObjectInputFilter(check);
            return in.readObject();
        } catch (InvalidClassException e) {
            if (check.refused() != null) {
                throw new ClassNotAllowedException(check.refused(), AllowList.refusal(check.refused(), reader));
            }
            throw e;
        }
    }

    /** The payload of an ERR or INIT_FAILED frame for {@code error}. */
    static byte[] failure(Throwable error) {
        byte[] itself;
        try {
            itself = serialize(error);
        } catch (NotSerializableException e) {
            itself = null;
        }
        Object[] parts = {error.getClass().getName(), Inputs.describe(error.getMessage()), error.getStackTrace(), itself};
        try {
            return serialize(parts);
        } catch (NotSerializableException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /**
     * The throwable a failure payload carries, as thrown in the worker; or, if it cannot be read
     * back here, a {@link TaskFailedException} with its class, message and the worker's stack.
     */
    static Throwable readFailure(byte[] payload, AllowList allow) {
        Object[] parts;
        try {
            parts = (Object[]) deserialize(payload, AllowList.defaults(), "the pool");
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            return new TaskFailedException("a worker sent a failure that cannot be read: " + e, e);
        }
        String className = (String) parts[0];
        String message = (String) parts[1];
        byte[] itself = (byte[]) parts[3];
        String text = className + (message != null ? ": " + message : "");
        TaskFailedException why;
        if (itself == null) {
            why = new TaskFailedException("the job failed in its worker process with " + text
                    + " (the exception is not serializable, so only its text and stack came back)", null);
        } else {
            try {
                return (Throwable) deserialize(itself, allow, "the pool");
            } catch (ClassNotAllowedException e) {
                why = new TaskFailedException("the job failed in its worker process with " + text
                        + "; only its text and stack came back, because " + e.getMessage(), e);
            } catch (IOException | ClassNotFoundException | RuntimeException e) {
                why = new TaskFailedException("the job failed in its worker process with " + text
                        + "; the exception could not be read back: " + e, e);
            }
        }
        why.setStackTrace((StackTraceElement[]) parts[2]);
        return why;
    }

    /** The class named {@code binaryName}, loaded as Java serialization would, not initialized. */
    static Class<?> classNamed(String binaryName) throws ClassNotFoundException {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return Class.forName(binaryName, false, loader != null ? loader : ClassLoader.getSystemClassLoader());
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
