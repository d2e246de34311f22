package dev.weft.pool;

import java.io.InvalidObjectException;
import java.io.Serializable;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;

/**
 * How {@link Values} takes a serializable record apart and builds it again: its components'
 * accessors and its canonical constructor, the same constructor Java serialization calls for a
 * record, so a record's own checks run as they would there.
 *
 * <p>A record that declares {@code writeReplace} or {@code readResolve} has no shape here (Java
 * serialization would call those, so it is left to Java serialization), nor has one whose
 * members Weft may not reach (a record of a module closed to it).
 */
final class RecordShape {
    private static final ClassValue<RecordShape> SHAPES = new ClassValue<>() {
        @Override
        protected RecordShape computeValue(Class<?> type) {
            return shapeOf(type);
        }
    };

    private final Method[] accessors;
    private final Constructor<?> canonical;

    private RecordShape(Method[] accessors, Constructor<?> canonical) {
        this.accessors = accessors;
        this.canonical = canonical;
    }

    /** The shape of {@code type}, or null if it is not a serializable record this can carry. */
    static RecordShape of(Class<?> type) {
        return SHAPES.get(type);
    }

    int size() {
        return accessors.length;
    }

    /** The component values of {@code record}, in declaration order. */
    Object[] components(Object record) {
        Object[] values = new Object[accessors.length];
        try {
            for (int i = 0; i < values.length; i++) {
                values[i] = accessors[i].invoke(record);
            }
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read the components of " + record.getClass().getName(), e);
        }
        return values;
    }

    /** A record built by its canonical constructor from {@code values}. */
    Object build(Object[] values) throws InvalidObjectException {
        try {
            return canonical.newInstance(values);
        } catch (InvocationTargetException e) {
            InvalidObjectException invalid = new InvalidObjectException("the record "
                    + canonical.getDeclaringClass().getName() + " refused its values: " + e.getCause());
            invalid.initCause(e.getCause());
            throw invalid;
        } catch (IllegalArgumentException | ReflectiveOperationException e) {
            throw new InvalidObjectException("cannot build the record " + canonical.getDeclaringClass().getName()
                    + " from the values that came: " + e);
        }
    }

    private static RecordShape shapeOf(Class<?> type) {
        if (!type.isRecord() || !Serializable.class.isAssignableFrom(type)
                || declares(type, "writeReplace") || declares(type, "readResolve")) {
            return null;
        }
        try {
            RecordComponent[] parts = type.getRecordComponents();
            Method[] accessors = new Method[parts.length];
            Class<?>[] types = new Class<?>[parts.length];
            for (int i = 0; i < parts.length; i++) {
                accessors[i] = parts[i].getAccessor();
                accessors[i].setAccessible(true);
                types[i] = parts[i].getType();
            }
            Constructor<?> canonical = type.getDeclaredConstructor(types);
            canonical.setAccessible(true);
            return new RecordShape(accessors, canonical);
        } catch (NoSuchMethodException | RuntimeException e) {
            return null;
        }
    }

    private static boolean declares(Class<?> type, String method) {
        try {
            type.getDeclaredMethod(method);
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
