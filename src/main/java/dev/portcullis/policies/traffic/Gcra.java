package dev.portcullis.policies.traffic;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The generic cell rate algorithm: a token bucket that keeps one number per key, the "theoretical
 * arrival time" (TAT). With emission interval T = per / limit and burst B, a call at time t is allowed
 * when TAT - t <= (B - 1) * T, and then TAT = max(TAT, t) + T. In any interval of length W at most
 * B + W / T calls pass; on average exactly limit per per. One number per key is what makes the shared
 * (Redis) version a single atomic script.
 */
final class Gcra {
    /** The decision for one call: allowed, calls left now, and (when refused) milliseconds until one is. */
    record Decision(boolean allowed, long remaining, long retryAfterMillis) {}

    private static final int SWEEP_ABOVE = 100_000;

    private final long intervalNanos;
    private final long toleranceNanos;
    private final int burst;
    private final ConcurrentHashMap<String, AtomicLong> tat = new ConcurrentHashMap<>();

    Gcra(long limit, java.time.Duration per, int burst) {
        this.intervalNanos = per.toNanos() / limit;
        this.toleranceNanos = (burst - 1L) * intervalNanos;
        this.burst = burst;
    }

    Decision take(String key, long nowNanos) {
        if (tat.size() > SWEEP_ABOVE) {
            tat.values().removeIf(v -> v.get() <= nowNanos); // keys whose bucket is full again hold no information
        }
        AtomicLong state = tat.computeIfAbsent(key, k -> new AtomicLong(nowNanos));
        while (true) {
            long current = state.get();
            long base = Math.max(current, nowNanos);
            if (base - nowNanos > toleranceNanos) {
                long wait = base - nowNanos - toleranceNanos;
                return new Decision(false, 0, Math.max(1, wait / 1_000_000));
            }
            long next = base + intervalNanos;
            if (state.compareAndSet(current, next)) {
                long remaining = Math.max(0, (toleranceNanos - (next - nowNanos)) / intervalNanos + 1);
                return new Decision(true, Math.min(remaining, burst), 0);
            }
        }
    }
}
