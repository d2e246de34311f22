package dev.weft.pool;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The serialized functions of a process pool's recent maps, so that a map serializes its
 * function once rather than once per chunk.
 *
 * <p>Implementation notes: keyed by map id, at most {@value #KEPT} maps, oldest forgotten first
 * (a forgotten one is serialized again if it comes back: slower, never wrong). Thread-safe: any
 * thread may be running a map.
 */
final class MapFunctions {
    static final int KEPT = 16;

    private final Map<Long, byte[]> bytes = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
            return size() > KEPT;
        }
    };

    /** The serialized function of {@code chunk}'s map. */
    byte[] bytes(Chunk<?, ?> chunk) {
        synchronized (bytes) {
            byte[] b = bytes.get(chunk.mapId());
            if (b != null) {
                return b;
            }
        }
        byte[] b = ProcessPool.travels(() -> Codec.serialize(chunk.fn()), "the map's function");
        synchronized (bytes) {
            bytes.put(chunk.mapId(), b);
        }
        return b;
    }
}
