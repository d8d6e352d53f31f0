package dev.portcullis.policies.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Circuit state transitions with time as a parameter. */
class CircuitTest {
    long now;
    final List<String> changes = new ArrayList<>();

    Circuit circuit(int window, int minCalls, int failureRate, int slowRate, int probes) {
        var spec = new CircuitBreakerPolicy.Spec(window, minCalls, failureRate, slowRate, Duration.ofMillis(500), Duration.ofSeconds(10),
                probes, Set.of(500, 502, 503, 504));
        return new Circuit(spec, () -> now, (u, from, to, why) -> changes.add(from + "->" + to));
    }

    @Test
    void opensAtTheFailureRateOnceEnoughCallsWereSeen() {
        Circuit c = circuit(10, 4, 50, 100, 2);
        c.record("u", true, false);
        c.record("u", true, false);
        c.record("u", true, false);
        assertThat(c.tryAcquire("u")).as("3 calls: fewer than minCalls").isZero();
        c.record("u", false, false); // 3 of 4 failed
        assertThat(changes).containsExactly("CLOSED->OPEN");
        assertThat(c.tryAcquire("u")).isEqualTo(10_000);
        now += 4_000;
        assertThat(c.tryAcquire("u")).isEqualTo(6_000);
    }

    @Test
    void halfOpenProbesCloseOrReopenIt() {
        Circuit c = circuit(4, 4, 50, 100, 2);
        for (int i = 0; i < 4; i++) {
            c.record("u", true, false);
        }
        now += 10_000;
        assertThat(c.tryAcquire("u")).isZero();
        assertThat(c.tryAcquire("u")).isZero();
        assertThat(c.tryAcquire("u")).as("only two probes").isPositive();
        c.record("u", false, false);
        c.record("u", false, false);
        assertThat(changes).containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->CLOSED");
        for (int i = 0; i < 4; i++) {
            c.record("u", true, false);
        }
        now += 10_000;
        c.tryAcquire("u");
        c.record("u", true, false);
        assertThat(changes).endsWith("HALF_OPEN->OPEN");
    }

    @Test
    void slowCallsOpenItWhenASlowRateIsSet() {
        Circuit c = circuit(4, 4, 100, 50, 1);
        c.record("u", false, true);
        c.record("u", false, true);
        c.record("u", false, false);
        c.record("u", false, false);
        assertThat(changes).containsExactly("CLOSED->OPEN");
    }

    @Test
    void anAbandonedProbeGivesItsSlotBack() {
        Circuit c = circuit(2, 2, 50, 100, 1);
        c.record("u", true, false);
        c.record("u", true, false);
        now += 10_000;
        assertThat(c.tryAcquire("u")).isZero();
        assertThat(c.tryAcquire("u")).isPositive();
        c.abandoned();
        assertThat(c.tryAcquire("u")).isZero();
    }
}
