package dev.portcullis.bench;

import dev.portcullis.dlp.Detector;
import dev.portcullis.dlp.DlpScanner;
import dev.portcullis.dlp.Findings;
import dev.portcullis.dlp.Redaction;
import dev.portcullis.dlp.TextScanner;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scanning throughput of the default detector set (all built-in detectors) over 16 KiB bodies: JSON,
 * text and form, each realistic and holding one finding. MB/s = ops/s x 16384 / 1e6. Run with
 * bench/dlp-jmh.sh; figures in docs/dlp.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx256m", "--add-modules=jdk.incubator.vector", "-XX:CompileCommand=quiet",
    "-XX:CompileCommand=dontinline,dev.portcullis.dlp.TextScanner::candidate"}) // as the launcher runs the gateway
public class DlpScanBenchmark {
    public static final int SIZE = 16 * 1024;

    @Param({"json", "json-clean", "text", "form"})
    public String kind;

    /** off: every value scanned, as before the prefilter (dlp/Candidates); for A/B figures. */
    @Param({"on", "off"})
    public String prefilter;

    private byte[] body;
    private String contentType;
    private DlpScanner scanner;

    @Setup
    public void setup() {
        TextScanner text = new TextScanner(Detector.defaults(), List.of());
        scanner = prefilter.equals("on") ? new DlpScanner(text, false) : DlpScanner.withoutPrefilter(text, false);
        body = body(kind);
        contentType = switch (kind) {
            case "json", "json-clean" -> "application/json";
            case "form" -> "application/x-www-form-urlencoded";
            default -> "text/plain";
        };
    }

    /** A realistic body of exactly SIZE bytes with one card number in the middle (json-clean: none). */
    public static byte[] body(String kind) {
        if (kind.equals("json-clean")) {
            String json = new String(body("json"), StandardCharsets.ISO_8859_1);
            return json.replace("card 4111 1111 1111 1111", "card on file today ok").getBytes(StandardCharsets.ISO_8859_1);
        }
        Random r = new Random(42);
        StringBuilder b = new StringBuilder(SIZE + 512);
        int n = 0;
        switch (kind) {
            case "json" -> {
                b.append("{\"orders\":[");
                while (b.length() < SIZE - 400) {
                    b.append(n++ == 0 ? "" : ",").append("{\"orderId\":\"ORD-").append(100000 + r.nextInt(900000))
                            .append("\",\"createdAt\":\"2026-11-26T10:").append(10 + r.nextInt(50)).append(":00Z\",\"customer\":{\"name\":\"Pat Example\",")
                            .append("\"tier\":\"gold\"},\"items\":[{\"sku\":\"SKU-").append(r.nextInt(999999)).append("\",\"qty\":")
                            .append(1 + r.nextInt(9)).append(",\"price\":").append(r.nextInt(10000) / 100.0).append("}],")
                            .append("\"requestId\":\"").append(new java.util.UUID(r.nextLong(), r.nextLong())).append("\",")
                            .append("\"note\":\"").append(n == 20 ? "card 4111 1111 1111 1111" : "leave at the front door").append("\"}");
                }
                b.append("],\"pad\":\"");
                while (b.length() < SIZE - 2) {
                    b.append('x');
                }
                b.append("\"}");
            }
            case "form" -> {
                while (b.length() < SIZE - 200) {
                    b.append(n == 0 ? "" : "&").append("field").append(n).append('=')
                            .append(n == 40 ? "4111+1111+1111+1111" : "some+value+" + r.nextInt(100000) + "+for+the+order");
                    n++;
                }
                while (b.length() < SIZE) {
                    b.append(b.length() == SIZE - 1 ? "x" : "&z=1".substring(0, Math.min(4, SIZE - b.length())));
                }
            }
            default -> {
                String[] words = {"the", "order", "was", "shipped", "to", "customer", "on", "Tuesday", "and", "invoice",
                    "number", "2026-11-26", "total", "EUR", "42.50", "status", "delivered", "reference", "ORD-123456"};
                while (b.length() < SIZE) {
                    b.append(n++ == 400 ? "contact jane.roe@example.com " : words[r.nextInt(words.length)] + " ");
                }
            }
        }
        b.setLength(SIZE);
        return b.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    @Benchmark
    public Findings scan() {
        Findings f = new Findings();
        scanner.body(body, contentType, null, f);
        return f;
    }

    /** The floor: one pass that only looks at every byte (what any scanner pays at least). */
    @Benchmark
    public int baselineOnePass() {
        int words = 0;
        boolean in = false;
        for (byte b : body) {
            boolean alnum = (b >= '0' && b <= '9') || ((b | 0x20) >= 'a' && (b | 0x20) <= 'z');
            if (alnum && !in) {
                words++;
            }
            in = alnum;
        }
        return words;
    }

    private static final com.fasterxml.jackson.core.JsonFactory JSON = new com.fasterxml.jackson.core.JsonFactory();

    /** Jackson alone: every token, every string value materialised (what a value-by-value JSON scan pays first). */
    @Benchmark
    public int baselineJackson() throws java.io.IOException {
        if (!kind.equals("json")) {
            return -1; // only meaningful for the JSON body
        }
        int n = 0;
        try (var p = JSON.createParser(body)) {
            for (var t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == com.fasterxml.jackson.core.JsonToken.VALUE_STRING) {
                    n += p.getText().length();
                }
            }
        }
        return n;
    }

    @Benchmark
    public byte[] scanAndRedact() {
        return scanner.body(body, contentType, Redaction.DEFAULT, new Findings());
    }
}
