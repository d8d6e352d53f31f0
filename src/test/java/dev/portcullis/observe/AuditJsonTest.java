package dev.portcullis.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AuditJsonTest {
    private static final DateTimeFormatter FULL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** The cached second: right within a second, across seconds, and when an older record comes after a newer one. */
    @Test
    void timeIsTheContractsUtcMillisecondFormat() {
        Random r = new Random(3);
        Instant t = Instant.parse("2026-11-27T06:01:02.000Z");
        for (int i = 0; i < 20_000; i++) {
            t = switch (i % 4) {
                case 0 -> t.plusMillis(r.nextInt(5)); // mostly the same second
                case 1 -> t.plusNanos(r.nextInt(1_000_000_000));
                case 2 -> t.minusMillis(r.nextInt(3_000)); // late records
                default -> Instant.ofEpochSecond(r.nextLong(0, 4_000_000_000L), r.nextInt(1_000_000_000));
            };
            assertThat(AuditJson.time(t)).as("%s", t).isEqualTo(FULL.format(t));
        }
        assertThat(AuditJson.time(Instant.parse("2026-01-02T03:04:05.006789Z"))).isEqualTo("2026-01-02T03:04:05.006Z");
    }
}
