package dev.weft.pool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.NotSerializableException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.net.URI;
import java.time.LocalDate;
import java.time.chrono.HijrahDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The allow-list rule (what a process pool deserializes by default, and what widens it), in-process. */
@Timeout(30)
class AllowListTest {
    record Point(int x, int y) implements Serializable {
    }

    private static Object roundTrip(Object value, AllowList allow) throws Exception {
        return Codec.deserialize(Codec.serialize(value), allow, "the test");
    }

    @Test
    void admitsTheJdksValueTypesApplicationClassesArraysAndLambdas() throws Exception {
        AllowList d = AllowList.defaults();
        SerializableCallable<String> lambda = () -> "hi";
        List<Object> values = List.of("s", 1, 2L, 3.0, true, 'c', new BigDecimal("1.5"), LocalDate.of(2026, 1, 2),
                new ArrayList<>(List.of(1)), Map.of("k", "v"), new ConcurrentHashMap<>(Map.of(1, 2)), new AtomicLong(5),
                new int[] {1, 2}, new String[][] {{"a"}}, new Point(1, 2), new Point[] {new Point(3, 4)},
                new IllegalStateException("x"), HijrahDate.of(1445, 1, 1));
        for (Object v : values) {
            assertThat(roundTrip(v, d)).as("%s", v.getClass()).isNotNull();
        }
        assertThat(((SerializableCallable<?>) roundTrip(lambda, d)).call()).isEqualTo("hi");
    }

    @Test
    void refusesOtherJdkClassesNamingTheClassAndTheOptionThatAdmitsIt() {
        ClassNotAllowedException e = catchThrowableOfType(ClassNotAllowedException.class,
                () -> roundTrip(List.of(URI.create("a:b")), AllowList.defaults()));
        assertThat(e.className()).isEqualTo("java.net.URI");
        assertThat(e).hasMessageContaining("java.net.URI is not on the process pool's allow-list")
                .hasMessageContaining("the test refused")
                .hasMessageContaining("ProcessPool.Options.allow(\"java.net.URI\")")
                .hasMessageContaining("allow(\"java.net.*\")");
    }

    @Test
    void refusesAnArrayOfARefusedClassNamingItsElement() {
        ClassNotAllowedException e = catchThrowableOfType(ClassNotAllowedException.class,
                () -> roundTrip(new URI[] {URI.create("a:b")}, AllowList.defaults()));
        assertThat(e.className()).isEqualTo("java.net.URI");
    }

    @Test
    void patternsAdmitAClassAPackageOrAPackageAndItsSubpackages() throws Exception {
        URI uri = URI.create("a:b");
        assertThat(roundTrip(uri, AllowList.of(List.of("java.net.URI")))).isEqualTo(uri);
        assertThat(roundTrip(uri, AllowList.of(List.of("java.net.*")))).isEqualTo(uri);
        assertThat(roundTrip(uri, AllowList.of(List.of("java.**")))).isEqualTo(uri);
        assertThat(roundTrip(uri, AllowList.of(List.of("*")))).isEqualTo(uri);
        assertThatThrownBy(() -> roundTrip(uri, AllowList.of(List.of("java.*")))).isInstanceOf(ClassNotAllowedException.class);
        assertThatThrownBy(() -> roundTrip(uri, AllowList.of(List.of("java.net.URL")))).isInstanceOf(ClassNotAllowedException.class);
    }

    @Test
    void badPatternsAreRefusedWithTheForms() {
        for (String bad : List.of("", "a b", "a,b", ".x", "x..y", "com/example")) {
            assertThatThrownBy(() -> AllowList.of(List.of(bad))).as("'%s'", bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("com.example.*");
        }
        assertThatThrownBy(() -> ProcessPool.Options.workers(1).allow("no good")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void travelsToAWorkerAsASystemProperty() {
        AllowList a = AllowList.of(List.of("java.net.URI", "com.example.**"));
        System.setProperty(AllowList.PROPERTY, a.asProperty());
        try {
            assertThat(AllowList.fromSystemProperty().patterns()).containsExactly("java.net.URI", "com.example.**");
        } finally {
            System.clearProperty(AllowList.PROPERTY);
        }
        assertThat(AllowList.fromSystemProperty().patterns()).isEmpty();
    }

    @Test
    void aStreamDeclaringAnArrayLongerThanItselfIsRefused() throws NotSerializableException {
        byte[] bytes = Codec.serialize(new byte[100]);
        AllowList.Check check = AllowList.defaults().newCheck(50);
        assertThat(check.checkInput(new Info(byte[].class, 100))).isEqualTo(java.io.ObjectInputFilter.Status.REJECTED);
        assertThat(AllowList.defaults().newCheck(bytes.length).checkInput(new Info(byte[].class, 100)))
                .isEqualTo(java.io.ObjectInputFilter.Status.ALLOWED);
    }

    private record Info(Class<?> serialClass, long arrayLength) implements java.io.ObjectInputFilter.FilterInfo {
        @Override
        public long depth() {
            return 1;
        }

        @Override
        public long references() {
            return 1;
        }

        @Override
        public long streamBytes() {
            return 10;
        }
    }
}
