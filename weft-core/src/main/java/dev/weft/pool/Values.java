package dev.weft.pool;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A compact encoding for the values jobs most often take and return — null, booleans, boxed
 * numbers and characters, strings, arrays of long, int, double and byte, {@code ArrayList}s of
 * these (not of lists), and serializable records of these (see {@link RecordShape}) — so that a map chunk's items and a job's result cross the pipe without Java
 * serialization, whose cost in a freshly started JVM (code not yet compiled) is tens to
 * hundreds of microseconds per value. Anything else is Java-serialized, whole, behind one tag,
 * and read back through the allow-list as usual.
 *
 * <p>What comes back equals what went in, of the same class: a list is encoded this way only if
 * it is exactly an {@code ArrayList} and holds no array twice (sharing would be lost), else the
 * whole value is serialized; likewise a record met twice. Every other class encoded here is a
 * JDK value type the allow-list admits anyway, and a record's class is checked against the
 * allow-list before it is built, so nothing the allow-list would refuse gets through.
 *
 * <p>Implementation notes: stateless. A length read back is checked against what is left, so a
 * corrupt payload fails with an {@link IOException} and never allocates more than its own size.
 */
final class Values {
    private static final int NULL = 0;
    private static final int TRUE = 1;
    private static final int FALSE = 2;
    private static final int INT = 3;
    private static final int LONG = 4;
    private static final int DOUBLE = 5;
    private static final int STRING = 6;
    private static final int LONGS = 7;
    private static final int INTS = 8;
    private static final int DOUBLES = 9;
    private static final int BYTES = 10;
    private static final int LIST = 11;
    private static final int FLOAT = 12;
    private static final int SHORT = 13;
    private static final int BYTE = 14;
    private static final int CHAR = 15;
    private static final int RECORD = 16;
    private static final int SERIALIZED = 99;

    private Values() {
    }

    /**
     * Encodes {@code value}.
     *
     * @throws java.io.NotSerializableException if it needs Java serialization and cannot have it
     */
    static byte[] encode(Object value) throws java.io.NotSerializableException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        DataOutputStream out = new DataOutputStream(bytes);
        try {
            if (!write(out, value, null)) {
                bytes.reset();   // met something this form cannot carry: the whole value is serialized
                out.writeByte(SERIALIZED);
                out.write(Codec.serialize(value));
            }
        } catch (java.io.NotSerializableException e) {
            throw e;
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return bytes.toByteArray();
    }

    /** Decodes what {@link #encode} wrote; a serialized value goes through {@code allow}. */
    static Object decode(byte[] bytes, AllowList allow, String reader) throws IOException, ClassNotFoundException {
        if (bytes.length > 0 && (bytes[0] & 0xff) == SERIALIZED) {
            return Codec.deserialize(java.util.Arrays.copyOfRange(bytes, 1, bytes.length), allow, reader);
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        Object v = read(in, bytes.length, allow, reader);
        if (in.available() > 0) {
            throw new IOException("a value was followed by " + in.available() + " stray bytes");
        }
        return v;
    }

    private static boolean hasSurrogates(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isSurrogate(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Writes {@code v} compactly; false, part-way, if it is not a value this form carries.
     * {@code seen} (null outside lists and records) holds the arrays and records met so far, one
     * met twice being shared, which this form would not keep.
     */
    private static boolean write(DataOutputStream out, Object v, Map<Object, Boolean> seen) throws IOException {
        switch (v) {
            case null -> out.writeByte(NULL);
            case Boolean b -> out.writeByte(b ? TRUE : FALSE);
            case Integer i -> {
                out.writeByte(INT);
                out.writeInt(i);
            }
            case Long l -> {
                out.writeByte(LONG);
                out.writeLong(l);
            }
            case Double d -> {
                out.writeByte(DOUBLE);
                out.writeDouble(d);
            }
            case Float f -> {
                out.writeByte(FLOAT);
                out.writeFloat(f);
            }
            case Short s -> {
                out.writeByte(SHORT);
                out.writeShort(s);
            }
            case Byte b -> {
                out.writeByte(BYTE);
                out.writeByte(b);
            }
            case Character c -> {
                out.writeByte(CHAR);
                out.writeChar(c);
            }
            case String s -> {
                if (hasSurrogates(s)) {
                    return false;   // UTF-8 would not carry a lone surrogate; serialization does
                }
                byte[] utf8 = Codec.utf8(s);
                out.writeByte(STRING);
                out.writeInt(utf8.length);
                out.write(utf8);
            }
            case long[] a -> {
                if (metBefore(a, seen)) {
                    return false;
                }
                out.writeByte(LONGS);
                out.writeInt(a.length);
                for (long x : a) {
                    out.writeLong(x);
                }
            }
            case int[] a -> {
                if (metBefore(a, seen)) {
                    return false;
                }
                out.writeByte(INTS);
                out.writeInt(a.length);
                for (int x : a) {
                    out.writeInt(x);
                }
            }
            case double[] a -> {
                if (metBefore(a, seen)) {
                    return false;
                }
                out.writeByte(DOUBLES);
                out.writeInt(a.length);
                for (double x : a) {
                    out.writeDouble(x);
                }
            }
            case byte[] a -> {
                if (metBefore(a, seen)) {
                    return false;
                }
                out.writeByte(BYTES);
                out.writeInt(a.length);
                out.write(a);
            }
            case ArrayList<?> list when list.getClass() == ArrayList.class -> {
                out.writeByte(LIST);
                out.writeInt(list.size());
                return writeAll(out, list.toArray(), seen);
            }
            case Record r -> {
                RecordShape shape = RecordShape.of(r.getClass());
                Map<Object, Boolean> inner = orNew(seen);
                if (shape == null || metBefore(r, inner)) {
                    return false;
                }
                out.writeByte(RECORD);
                out.writeUTF(r.getClass().getName());
                out.writeShort(shape.size());
                return writeAll(out, shape.components(r), inner);
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** The elements of a list or the components of a record, none of which may be a list itself. */
    private static boolean writeAll(DataOutputStream out, Object[] values, Map<Object, Boolean> seen) throws IOException {
        Map<Object, Boolean> inner = orNew(seen);
        for (Object e : values) {
            if (e != null && e.getClass() == ArrayList.class || !write(out, e, inner)) {
                return false;
            }
        }
        return true;
    }

    private static boolean metBefore(Object v, Map<Object, Boolean> seen) {
        return seen != null && seen.put(v, Boolean.TRUE) != null;
    }

    private static Map<Object, Boolean> orNew(Map<Object, Boolean> seen) {
        return seen != null ? seen : new IdentityHashMap<>();
    }

    private static Object read(DataInputStream in, int limit, AllowList allow, String reader)
            throws IOException, ClassNotFoundException {
        int tag = in.readUnsignedByte();
        return switch (tag) {
            case NULL -> null;
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case INT -> in.readInt();
            case LONG -> in.readLong();
            case DOUBLE -> in.readDouble();
            case FLOAT -> in.readFloat();
            case SHORT -> in.readShort();
            case BYTE -> in.readByte();
            case CHAR -> in.readChar();
            case STRING -> Codec.utf8(in.readNBytes(length(in, 1, limit)));
            case LONGS -> {
                long[] a = new long[length(in, 8, limit)];
                for (int i = 0; i < a.length; i++) {
                    a[i] = in.readLong();
                }
                yield a;
            }
            case INTS -> {
                int[] a = new int[length(in, 4, limit)];
                for (int i = 0; i < a.length; i++) {
                    a[i] = in.readInt();
                }
                yield a;
            }
            case DOUBLES -> {
                double[] a = new double[length(in, 8, limit)];
                for (int i = 0; i < a.length; i++) {
                    a[i] = in.readDouble();
                }
                yield a;
            }
            case BYTES -> in.readNBytes(length(in, 1, limit));
            case LIST -> {
                int n = length(in, 1, limit);
                ArrayList<Object> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(read(in, limit, allow, reader));
                }
                yield list;
            }
            case RECORD -> readRecord(in, limit, allow, reader);
            default -> throw new IOException("unknown value tag " + tag);
        };
    }

    /** A record: its class, admitted by {@code allow}, then its components, built by its canonical constructor. */
    private static Object readRecord(DataInputStream in, int limit, AllowList allow, String reader)
            throws IOException, ClassNotFoundException {
        String name = in.readUTF();
        Class<?> type = Codec.classNamed(name);
        if (!allow.admits(type)) {
            throw new ClassNotAllowedException(name, AllowList.refusal(name, reader));
        }
        RecordShape shape = RecordShape.of(type);
        int n = in.readUnsignedShort();
        if (shape == null || n != shape.size()) {
            throw new InvalidObjectException(name + " came as a record of " + n + " components, which it is not");
        }
        Object[] values = new Object[n];
        for (int i = 0; i < n; i++) {
            values[i] = read(in, limit, allow, reader);
        }
        return shape.build(values);
    }

    /** A length, checked against the bytes that can be left: each element takes at least {@code each}. */
    private static int length(DataInputStream in, int each, int limit) throws IOException {
        int n = in.readInt();
        if (n < 0 || (long) n * each > Math.max(0, in.available())) {
            throw new IOException("a length of " + n + " does not fit in the " + in.available() + " bytes left of "
                    + limit);
        }
        return n;
    }
}
