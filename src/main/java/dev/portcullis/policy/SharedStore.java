package dev.portcullis.policy;

import java.util.concurrent.CompletableFuture;

/** Counters shared by every gateway instance (Redis). Never blocks: answers come as futures. */
public interface SharedStore {
    /**
     * One GCRA decision, made atomically in the store with the store's own clock.
     * Returns {allowed (1/0), milliseconds until a call would be allowed}.
     */
    CompletableFuture<long[]> gcra(String key, long intervalMicros, long toleranceMicros);

    /**
     * One quota decision, atomically: counts the call in the period that ends at periodEndMillis unless
     * that would pass the limit. Returns {allowed (1/0), calls counted in the period}.
     */
    CompletableFuture<long[]> quota(String key, long limit, long periodEndMillis);
}
