package dev.portcullis.policies.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** GCRA with time as a parameter: window edges, bursts, refill, and the bound in any interval. */
class GcraTest {
    static final long MS = 1_000_000L;

    @Test
    void aFullBurstThenOneCallPerInterval() {
        Gcra g = new Gcra(10, Duration.ofSeconds(1), 10); // one call per 100ms, bursts of 10
        for (int i = 0; i < 10; i++) {
            assertThat(g.take("k", 0).allowed()).as("call " + i).isTrue();
        }
        Gcra.Decision refused = g.take("k", 0);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterMillis()).isEqualTo(100);
        assertThat(g.take("k", 99 * MS).allowed()).isFalse();
        assertThat(g.take("k", 100 * MS).allowed()).isTrue();
        assertThat(g.take("k", 100 * MS).allowed()).isFalse();
        assertThat(g.take("other", 100 * MS).allowed()).as("keys are independent").isTrue();
    }

    @Test
    void remainingCountsDown() {
        Gcra g = new Gcra(3, Duration.ofSeconds(3), 3);
        assertThat(g.take("k", 0).remaining()).isEqualTo(2);
        assertThat(g.take("k", 0).remaining()).isEqualTo(1);
        assertThat(g.take("k", 0).remaining()).isEqualTo(0);
        assertThat(g.take("k", 0).allowed()).isFalse();
    }

    @Test
    void anyIntervalAllowsAtMostBurstPlusItsLengthTimesTheRate() {
        Gcra g = new Gcra(100, Duration.ofSeconds(1), 20); // 10ms interval, burst 20
        boolean[] allowed = new boolean[20_000];
        for (int t = 0; t < allowed.length; t++) { // a call every millisecond for 20 s
            allowed[t] = g.take("k", t * MS).allowed();
        }
        int total = 0;
        for (boolean a : allowed) {
            total += a ? 1 : 0;
        }
        assertThat(total).isBetween(2000, 2000 + 20);
        for (int start = 0; start + 1000 <= allowed.length; start += 37) { // every 1 s window
            int inWindow = 0;
            for (int t = start; t < start + 1000; t++) {
                inWindow += allowed[t] ? 1 : 0;
            }
            assertThat(inWindow).as("window at " + start + "ms").isLessThanOrEqualTo(100 + 20);
        }
    }

    @Test
    void burstOfOneSpacesCallsEvenly() {
        Gcra g = new Gcra(5, Duration.ofSeconds(1), 1);
        assertThat(g.take("k", 0).allowed()).isTrue();
        assertThat(g.take("k", 199 * MS).allowed()).isFalse();
        assertThat(g.take("k", 200 * MS).allowed()).isTrue();
    }
}
