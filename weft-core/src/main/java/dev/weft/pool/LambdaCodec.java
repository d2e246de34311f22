package dev.weft.pool;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.NotSerializableException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A serializable lambda's own wire form: the fields of its {@link SerializedLambda}, and its
 * captured values through {@link Values}, written and read without Java serialization's
 * machinery. That machinery costs a fresh worker 0.3–2 ms to read a job until the JIT has
 * compiled it, and ~10 µs after; this form costs a fraction of that at every stage (a cold
 * JVM's first lambda in 16–22 ms against 37–47, its second in 0.1 ms against 0.5). What it
 * cannot take apart — a lambda of a module closed to Weft, anything that is not a lambda — travels
 * by Java serialization, as before.
 *
 * <p>The checks are the ones Java serialization makes: the class that defined the lambda must be
 * admitted by the reader's {@link AllowList}, the captured values go through it as any value
 * does, and the lambda is rebuilt by that class's own {@code $deserializeLambda$}, which accepts
 * only the lambdas the class really has.
 *
 * <p>Implementation notes: a Java serialization stream begins with {@code 0xACED}, so the first
 * byte {@link #MAGIC} tells the forms apart. Both methods' lookups are cached per class.
 */
final class LambdaCodec {
    static final int MAGIC = 0x57;

    private static final ClassValue<Method> WRITE_REPLACE = new ClassValue<>() {
        @Override
        protected Method computeValue(Class<?> type) {
            return accessible(type, "writeReplace");
        }
    };
    private static final ClassValue<Method> DESERIALIZE = new ClassValue<>() {
        @Override
        protected Method computeValue(Class<?> type) {
            return accessible(type, "$deserializeLambda$", SerializedLambda.class);
        }
    };

    private LambdaCodec() {
    }

    /** True if {@code bytes} are in this form rather than Java serialization's. */
    static boolean isLambda(byte[] bytes) {
        return bytes.length > 0 && (bytes[0] & 0xff) == MAGIC;
    }

    /**
     * {@code value} in this form, or null if it is not a lambda that this form can carry.
     *
     * @throws NotSerializableException if a captured value cannot travel
     */
    static byte[] encode(Object value) throws NotSerializableException {
        SerializedLambda lambda = takeApart(value);
        if (lambda == null) {
            return null;
        }
        byte[] args = Values.encode(new ArrayList<>(Arrays.asList(captured(lambda))));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + args.length);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(MAGIC);
            for (String s : List.of(lambda.getCapturingClass(), lambda.getFunctionalInterfaceClass(),
                    lambda.getFunctionalInterfaceMethodName(), lambda.getFunctionalInterfaceMethodSignature(),
                    lambda.getImplClass(), lambda.getImplMethodName(), lambda.getImplMethodSignature(),
                    lambda.getInstantiatedMethodType())) {
                out.writeUTF(s);
            }
            out.writeInt(lambda.getImplMethodKind());
            out.writeInt(args.length);
            out.write(args);
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return bytes.toByteArray();
    }

    /**
     * Rebuilds the lambda {@link #encode} wrote, admitting only what {@code allow} admits.
     *
     * @param reader who reads, for the error message: "the worker", "the pool"…
     * @throws ClassNotAllowedException naming the class refused and how to admit it
     */
    static Object decode(byte[] bytes, AllowList allow, String reader) throws IOException, ClassNotFoundException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        in.readUnsignedByte();
        String capturing = in.readUTF();
        String iface = in.readUTF();
        String ifaceMethod = in.readUTF();
        String ifaceSignature = in.readUTF();
        String implClass = in.readUTF();
        String implMethod = in.readUTF();
        String implSignature = in.readUTF();
        String instantiated = in.readUTF();
        int implKind = in.readInt();
        int length = in.readInt();
        if (length < 0 || length != in.available()) {
            throw new InvalidObjectException("a lambda's captured values claim " + length + " bytes; "
                    + in.available() + " follow");
        }
        Class<?> owner = Codec.classNamed(capturing.replace('/', '.'));
        if (!allow.admits(owner)) {
            throw new ClassNotAllowedException(owner.getName(), AllowList.refusal(owner.getName(), reader));
        }
        List<?> captured = (List<?>) Values.decode(in.readNBytes(length), allow, reader);
        SerializedLambda lambda = new SerializedLambda(owner, iface, ifaceMethod, ifaceSignature, implKind, implClass,
                implMethod, implSignature, instantiated, captured.toArray());
        Method rebuild = DESERIALIZE.get(owner);
        if (rebuild == null) {
            throw new InvalidObjectException(owner.getName() + " defines no serializable lambda that Weft may rebuild");
        }
        try {
            return rebuild.invoke(null, lambda);
        } catch (InvocationTargetException e) {
            InvalidObjectException invalid = new InvalidObjectException("cannot rebuild a lambda of " + owner.getName()
                    + " (" + implMethod + "): " + e.getCause());
            invalid.initCause(e.getCause());
            throw invalid;
        } catch (IllegalAccessException e) {
            throw new InvalidObjectException("cannot rebuild a lambda of " + owner.getName() + ": " + e);
        }
    }

    /** The values {@code lambda} captured, in order. */
    static Object[] captured(SerializedLambda lambda) {
        Object[] captured = new Object[lambda.getCapturedArgCount()];
        for (int i = 0; i < captured.length; i++) {
            captured[i] = lambda.getCapturedArg(i);
        }
        return captured;
    }

    /** The serialized form of a serializable lambda, or null for anything else. */
    static SerializedLambda takeApart(Object value) {
        if (!(value instanceof Serializable) || !value.getClass().isHidden()) {
            return null;
        }
        Method replace = WRITE_REPLACE.get(value.getClass());
        if (replace == null) {
            return null;
        }
        try {
            return replace.invoke(value) instanceof SerializedLambda s ? s : null;
        } catch (IllegalAccessException | InvocationTargetException e) {
            return null;
        }
    }

    /** {@code type}'s own method {@code name}, made accessible; null if it has none or Weft may not call it. */
    private static Method accessible(Class<?> type, String name, Class<?>... parameters) {
        try {
            Method m = type.getDeclaredMethod(name, parameters);
            m.setAccessible(true);
            return m;
        } catch (NoSuchMethodException | RuntimeException e) {
            return null;
        }
    }
}
