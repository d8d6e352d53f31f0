package dev.portcullis.policy;

import java.util.concurrent.CompletableFuture;

/** Counters shared by every gateway instance (Redis). Never blocks: answers come as futures. */
public interface SharedStore {
    /**
     * One GCRA decision, made atomically in the store with the store's own clock.
     * Returns {allowed (1/0), milliseconds until a call would be allowed}.
     */
    CompletableFuture<long[]> gcra(String key, long intervalMicros, long toleranceMicros);
}
