package dev.portcullis.policies.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.policy.MutableHeaders;
import dev.portcullis.policy.PolicyContext;
import dev.portcullis.policy.RequestView;
import dev.portcullis.policy.Verdict;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Calendar periods in a timezone, with a clock the test moves. */
class QuotaTest {
    Instant now;

    final PolicyContext context = new PolicyContext() {
        @Override public Clock clock() {
            return new Clock() {
                @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }

                @Override public Clock withZone(ZoneId zone) { return this; }

                @Override public Instant instant() { return now; }
            };
        }

        @Override public CompletableFuture<Reply> postForm(URI url, Map<String, String> headers, String form, Path caFile,
                List<String> allowNetworks, Duration timeout) {
            throw new UnsupportedOperationException();
        }
    };

    static final RequestView CALL = new RequestView() {
        @Override public String method() { return "GET"; }

        @Override public String path() { return "/"; }

        @Override public String query() { return null; }

        @Override public String host() { return "api.test"; }

        @Override public int port() { return 443; }

        @Override public MutableHeaders headers() { return null; }

        @Override public String client() { return "billing"; }

        @Override public String route() { return "r"; }
    };

    Verdict call(QuotaPolicy q) throws Exception {
        return q.onRequest(CALL).toCompletableFuture().get();
    }

    @Test
    void aDayInParisEndsAtParisMidnight() throws Exception {
        var q = (QuotaPolicy) new QuotaPolicy.Spec(2, QuotaPolicy.Period.DAY, ZoneId.of("Europe/Paris"), List.of("client"), false)
                .create("daily", context);
        now = Instant.parse("2026-11-26T22:30:00Z"); // 23:30 in Paris
        assertThat(call(q)).isEqualTo(Verdict.CONTINUE);
        assertThat(call(q)).isEqualTo(Verdict.CONTINUE);
        Verdict refused = call(q);
        assertThat(refused).isInstanceOf(Verdict.Deny.class);
        Verdict.Deny d = (Verdict.Deny) refused;
        assertThat(d.headers().get("Retry-After")).isEqualTo("1800");
        assertThat(d.message()).contains("renews at 2026-11-26T23:00:00Z");
        assertThat(q.usage()).singleElement().satisfies(u -> {
            assertThat(u.get("used")).isEqualTo(2L);
            assertThat(u.get("key")).isEqualTo("billing");
        });
        now = Instant.parse("2026-11-26T23:00:00Z"); // midnight in Paris
        assertThat(call(q)).isEqualTo(Verdict.CONTINUE);
    }

    @Test
    void aMonthRunsToTheFirstOfTheNext() throws Exception {
        var q = (QuotaPolicy) new QuotaPolicy.Spec(1, QuotaPolicy.Period.MONTH, ZoneId.of("UTC"), List.of("route"), false)
                .create("monthly", context);
        now = Instant.parse("2026-02-27T12:00:00Z");
        assertThat(call(q)).isEqualTo(Verdict.CONTINUE);
        now = Instant.parse("2026-02-28T23:59:59Z");
        assertThat(call(q)).isInstanceOf(Verdict.Deny.class);
        now = Instant.parse("2026-03-01T00:00:00Z");
        assertThat(call(q)).isEqualTo(Verdict.CONTINUE);
    }
}
