package dev.weft.profile.suite;

import dev.weft.profile.Bound;
import java.security.MessageDigest;
import java.util.Random;

/** CPU: SHA-256 over a 4 KiB buffer, 64 times a unit: the digest's rounds, on data that stays in L1. */
final class Sha256Hashing implements Workload {
    @Override
    public String name() {
        return "sha256-hashing";
    }

    @Override
    public Bound label() {
        return Bound.CPU;
    }

    @Override
    public String shape() {
        return "SHA-256 of a 4 KiB buffer, over and over";
    }

    @Override
    public Prepared prepare() {
        byte[] buffer = new byte[4096];
        new Random(6).nextBytes(buffer);
        ThreadLocal<MessageDigest> digests = ThreadLocal.withInitial(() -> {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("this JDK has no SHA-256", e);
            }
        });
        return () -> {
            MessageDigest md = digests.get();
            for (int i = 0; i < 64; i++) {
                md.update(buffer);
            }
            Sink.consume(md.digest()[0]);
        };
    }
}
