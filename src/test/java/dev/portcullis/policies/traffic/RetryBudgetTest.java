package dev.portcullis.policies.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.policy.PolicyContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetryBudgetTest {
    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-11-26T10:00:00Z");

        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }

        @Override public Clock withZone(java.time.ZoneId zone) { return this; }

        @Override public Instant instant() { return now; }
    }

    @Test
    void retriesAreAShareOfCallsPlusAFloorPerWindow() {
        MovableClock clock = new MovableClock();
        RetryBudget b = new RetryBudget(0.1, 1, clock); // floor: 1/s over the 10 s window = 10
        for (int i = 0; i < 100; i++) {
            b.called();
        }
        int granted = 0;
        while (b.tryRetry()) {
            granted++;
        }
        assertThat(granted).isEqualTo(10 + 10);
        clock.now = clock.now.plusSeconds(10);
        assertThat(b.tryRetry()).as("a new window").isTrue();
    }

    @Test
    void backoffIsFullJitterUnderAnExponentialCap() {
        RetryPolicy p = (RetryPolicy) new RetryPolicy.Spec(5, Duration.ofMillis(100), Duration.ofMillis(500), Set.of("503"), Set.of(),
                0.2, 3).create("r", PolicyContext.OFFLINE);
        for (int i = 0; i < 200; i++) {
            assertThat(p.backoff(1).toMillis()).isBetween(0L, 100L);
            assertThat(p.backoff(3).toMillis()).isBetween(0L, 400L);
            assertThat(p.backoff(6).toMillis()).isBetween(0L, 500L);
        }
    }
}
