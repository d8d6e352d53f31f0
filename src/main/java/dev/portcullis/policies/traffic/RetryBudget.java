package dev.portcullis.policies.traffic;

import java.time.Clock;

/**
 * Keeps retries to a share of the calls over the last ten seconds (plus a small floor), so that when an
 * upstream is down, retries can't multiply the load on it (Envoy's and Finagle's retry budgets).
 */
final class RetryBudget {
    private static final long WINDOW_MILLIS = 10_000;

    private final double ratio;
    private final int minPerSecond;
    private final Clock clock;
    private long windowStart;
    private long calls;
    private long retries;

    RetryBudget(double ratio, int minPerSecond, Clock clock) {
        this.ratio = ratio;
        this.minPerSecond = minPerSecond;
        this.clock = clock;
        this.windowStart = clock.millis();
    }

    synchronized void called() {
        roll();
        calls++;
    }

    /** True (and counted) when one more retry fits the budget. */
    synchronized boolean tryRetry() {
        roll();
        if (retries >= minPerSecond * (WINDOW_MILLIS / 1000) + (long) (ratio * calls)) {
            return false;
        }
        retries++;
        return true;
    }

    private void roll() {
        long now = clock.millis();
        if (now - windowStart >= WINDOW_MILLIS) {
            windowStart = now;
            calls = 0;
            retries = 0;
        }
    }
}
