package dev.portcullis.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The writer's wake-ups: an idle writer sleeps for an hour here, so a record it is not woken for would
 * stay unwritten and the wait below would time out.
 */
class AuditLogTest {
    private static final long AN_HOUR = TimeUnit.HOURS.toNanos(1);

    private final ByteArrayOutputStream written = new ByteArrayOutputStream();

    private static ExchangeRecord record(String id) {
        return new ExchangeRecord(Instant.now(), "test", id, "trace", "anonymous", "127.0.0.1", "reverse", "GET",
                "/x", "r", "allow", null, null, null, List.of(), 200, null, 0, 0, 1, null, AuditHeaders.NONE, AuditHeaders.NONE, null,
                List.of(), 1, false, List.of());
    }

    private String text() {
        synchronized (written) {
            return written.toString(StandardCharsets.UTF_8);
        }
    }

    private void awaitLines(int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (text().lines().count() < n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(text().lines().count()).as("audit lines written").isEqualTo(n);
    }

    @Test
    void aSleepingWriterIsWokenByEachAppend() throws Exception {
        try (AuditLog log = new AuditLog(AuditSink.to(syncStream()), 1000, new EventRing(10), AN_HOUR)) {
            for (int i = 1; i <= 5; i++) {
                Thread.sleep(20); // long past the 1 ms linger: the writer is asleep when the record comes
                log.append(record("r" + i));
                awaitLines(i);
            }
            assertThat(text()).contains("\"requestId\":\"r5\"");
        }
    }

    @Test
    void aBurstIsWrittenWholeAndInOrder() throws Exception {
        try (AuditLog log = new AuditLog(AuditSink.to(syncStream()), 100_000, new EventRing(10), AN_HOUR)) {
            for (int i = 0; i < 5000; i++) {
                log.append(record("b" + i));
            }
            awaitLines(5000);
            assertThat(log.pending()).isZero();
            List<String> lines = text().lines().toList();
            assertThat(lines.get(0)).contains("\"requestId\":\"b0\"");
            assertThat(lines.get(4999)).contains("\"requestId\":\"b4999\"");
        }
    }

    @Test
    void closeWakesASleepingWriter() throws Exception {
        AuditLog log = new AuditLog(AuditSink.to(syncStream()), 1000, new EventRing(10), AN_HOUR);
        log.append(record("last"));
        awaitLines(1);
        Thread.sleep(20); // the writer is asleep, for an hour unless close wakes it
        long start = System.nanoTime();
        log.close();
        // without the wake-up, close would wait out its 30 s bound on the writer
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(text()).contains("\"requestId\":\"last\"");
    }

    @Test
    void theRecentEventsAreTheLinesWrittenNewestFirst() throws Exception {
        EventRing events = new EventRing(10);
        try (AuditLog log = new AuditLog(AuditSink.to(syncStream()), 1000, events, AN_HOUR)) {
            for (int i = 0; i < 15; i++) {
                log.append(record("e" + i));
            }
            awaitLines(15);
            List<String> lines = text().lines().toList();
            List<EventRing.Event> recent = events.recent(100, e -> true);
            assertThat(recent).hasSize(10);
            for (int i = 0; i < 10; i++) {
                assertThat(recent.get(i).jsonText()).isEqualTo(lines.get(14 - i));
            }
            assertThat(recent.get(0).decision()).isEqualTo("allow");
            assertThat(recent.get(0).route()).isEqualTo("r");
            assertThat(events.recent(3, e -> e.jsonText().contains("\"e1")).stream().map(EventRing.Event::jsonText))
                    .allMatch(j -> j.contains("\"requestId\":\"e1")).hasSize(3); // e14, e13, e12
        }
    }

    /** A sink that fails (a full disk) is retried: the line is written once, the event kept once. */
    @Test
    void aFailingSinkIsRetriedAndTheRecordKeptOnce() throws Exception {
        java.io.OutputStream ok = syncStream();
        int[] failures = {2};
        java.io.OutputStream failingTwice = new java.io.OutputStream() {
            @Override public void write(int b) throws java.io.IOException { write(new byte[] {(byte) b}, 0, 1); }

            @Override public void write(byte[] b, int off, int len) throws java.io.IOException {
                if (failures[0] > 0) {
                    failures[0]--;
                    throw new java.io.IOException("No space left on device");
                }
                ok.write(b, off, len);
            }
        };
        EventRing events = new EventRing(10);
        try (AuditLog log = new AuditLog(AuditSink.to(failingTwice), 1000, events, AN_HOUR)) {
            log.append(record("retried"));
            awaitLines(1);
        }
        assertThat(text()).contains("\"requestId\":\"retried\"");
        assertThat(events.recent(10, e -> true)).singleElement()
                .satisfies(e -> assertThat(e.jsonText()).isEqualTo(text().strip()));
    }

    @Test
    void noEventsAreKeptAtCapacityZero() throws Exception {
        EventRing none = new EventRing(0);
        try (AuditLog log = new AuditLog(AuditSink.to(syncStream()), 1000, none, AN_HOUR)) {
            log.append(record("z"));
            awaitLines(1);
        }
        assertThat(none.keeps()).isFalse();
        assertThat(none.recent(10, e -> true)).isEmpty();
    }

    /** The test thread reads what the writer thread writes. */
    private java.io.OutputStream syncStream() {
        return new java.io.OutputStream() {
            @Override public void write(int b) {
                synchronized (written) {
                    written.write(b);
                }
            }

            @Override public void write(byte[] b, int off, int len) {
                synchronized (written) {
                    written.write(b, off, len);
                }
            }
        };
    }
}
