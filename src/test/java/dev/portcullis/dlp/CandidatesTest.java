package dev.portcullis.dlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.portcullis.bench.DlpScanBenchmark;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The prefilter: the two classifiers agree bit for bit, every detector's mark is a candidate, ordinary
 * payloads have none, and (the safety net) scanning with the prefilter finds and redacts exactly what
 * scanning every value finds, over the whole labeled corpus and random bodies built around it.
 */
class CandidatesTest {
    static final TextScanner DEFAULTS = new TextScanner(Detector.defaults(), List.of());

    static byte[] bytes(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    static boolean candidate(String s) {
        byte[] b = bytes(s);
        return !Candidates.find(b, 0, b.length).none();
    }

    @Test
    void theVectorAndScalarClassifiersGiveTheSameBits() {
        assumeTrue(VectorSupport.usable(), "needs --add-modules jdk.incubator.vector (the pom adds it)");
        List<BlockClassifier> vectors = VectorClassifier.lanes() == 64
                ? List.of(new VectorClassifier(false), new VectorClassifier(true)) // compares, and the tables
                : List.of(new VectorClassifier(false));
        BlockClassifier scalar = new ScalarClassifier();
        byte[] alphabet = bytes("0123456789 -_+/=@\\AKSIBJeyghubxosrk.:\"{}[],aZq");
        Random r = new Random(7);
        for (int round = 0; round < 3000; round++) {
            byte[] b = new byte[1 + r.nextInt(400)];
            for (int i = 0; i < b.length; i++) {
                b[i] = round % 5 == 0 ? (byte) r.nextInt(256) : alphabet[r.nextInt(alphabet.length)];
            }
            int off = r.nextInt(Math.min(8, b.length));
            int len = b.length - off - r.nextInt(Math.min(3, b.length - off));
            long[] v = new long[ByteClasses.SIZE];
            long[] s = new long[v.length];
            scalar.classify(b, off, off, off + len, s);
            for (BlockClassifier vector : vectors) {
                java.util.Arrays.fill(v, 0);
                vector.classify(b, off, off, off + len, v);
                assertThat(v).as("%s, round %d: %d bytes from %d", ((VectorClassifier) vector).method(), round, len, off)
                        .isEqualTo(s);
            }
        }
    }

    /** Random classes (dense and sparse, any chunk length, any block before): the same marks both ways. */
    @Test
    void theVectorAndScalarMarksAgree() {
        assumeTrue(VectorSupport.usable(), "needs --add-modules jdk.incubator.vector (the pom adds it)");
        BlockClassifier scalar = new ScalarClassifier();
        BlockClassifier vector = new VectorClassifier(false);
        Random r = new Random(11);
        for (int round = 0; round < 5000; round++) {
            long[] masks = new long[ByteClasses.SIZE];
            for (int i = 0; i < masks.length; i++) {
                long x = r.nextLong();
                masks[i] = switch (round % 4) { // runs of every length, not only the short ones of random bits
                    case 0 -> x;
                    case 1 -> x | r.nextLong() | r.nextLong();
                    case 2 -> x & r.nextLong();
                    default -> r.nextBoolean() ? -1L >>> r.nextInt(64) : -1L << r.nextInt(64);
                };
            }
            int n = 1 + r.nextInt(ByteClasses.CHUNK);
            int w = r.nextInt(3) * n;
            long[] bitsS = new long[w + 72], bitsV = new long[w + 72];
            long[] firstsS = new long[ByteClasses.CHUNK], firstsV = new long[ByteClasses.CHUNK];
            long[] endsS = new long[ByteClasses.CHUNK], endsV = new long[ByteClasses.CHUNK];
            long againS = scalar.marks(masks, n, bitsS, w, firstsS, endsS);
            long againV = vector.marks(masks, n, bitsV, w, firstsV, endsV);
            assertThat(againV).as("round %d, %d blocks", round, n).isEqualTo(againS);
            assertThat(java.util.Arrays.copyOfRange(bitsV, w, w + n)).as("round %d", round).isEqualTo(java.util.Arrays.copyOfRange(bitsS, w, w + n));
            assertThat(java.util.Arrays.copyOf(firstsV, n)).as("round %d", round).isEqualTo(java.util.Arrays.copyOf(firstsS, n));
            assertThat(java.util.Arrays.copyOf(endsV, n)).as("round %d", round).isEqualTo(java.util.Arrays.copyOf(endsS, n));
        }
    }

    /** Whole searches over bodies of several chunks: the same candidates with either classifier. */
    @Test
    void theVectorAndScalarSearchesFindTheSameCandidates() {
        assumeTrue(VectorSupport.usable(), "needs --add-modules jdk.incubator.vector (the pom adds it)");
        byte[] alphabet = bytes("0123456789 -_+/=@AKSIBJeyghubxosrkDE.:\"{}[],aZqf");
        Random r = new Random(13);
        for (int round = 0; round < 300; round++) {
            byte[] b = new byte[1 + r.nextInt(12_000)];
            for (int i = 0; i < b.length; i++) {
                b[i] = alphabet[r.nextInt(r.nextInt(4) == 0 ? 10 : alphabet.length)]; // stretches rich in digits
            }
            Candidates s = Candidates.find(b, 0, b.length, new ScalarClassifier(), false);
            List<Integer> scalarMarks = marked(s, b.length);
            int scalarLast = s.last();
            Candidates v = Candidates.find(b, 0, b.length, new VectorClassifier(), false);
            assertThat(marked(v, b.length)).as("round %d", round).isEqualTo(scalarMarks);
            assertThat(v.last()).isEqualTo(scalarLast);
        }
    }

    private static List<Integer> marked(Candidates c, int end) {
        List<Integer> at = new ArrayList<>();
        for (int p = c.next(0); p < end; p = c.next(p + 1)) {
            at.add(p);
            at.add(c.plainEnd(p));
        }
        return at;
    }

    @Test
    void everyDetectorsMarkIsACandidate() {
        for (String s : List.of("4111 1111 1111 1111", "4111-1111-1111-1111", "4111111111111", "123-45-6789", "123 45 6789",
                "123456789", "DE89370400440532013000", "x-DE89370400440532013000", "DE89 3704 0044 0532 0130 00", "a@b.cd", "+14155552671", "AKIAIOSFODNN7EXAMPLE", "ASIAY34FZKBOKMUTVV7A",
                "-----BEGIN RSA PRIVATE KEY-----", "eyJhbGciOiJIUzI1NiJ9", "ghp_x", "github_pat_", "xoxb-1", "sk_live_",
                "rk_test_", "k3y0fTw3ntyCh4rsMix3d", "ab12345678901234567=", "0123456789abcdef0123456789abcdef0123456")) {
            assertThat(candidate(s)).as(s).isTrue();
            assertThat(candidate("{\"v\": \"" + s + "\"}")).as(s + " in JSON").isTrue();
        }
    }

    @Test
    void ordinaryPayloadsHaveNone() {
        for (String s : List.of("2026-11-26T10:15:00Z", "2026-11-26", "f47ac10b-58cc-4372-a567-0e02b2c3d479", "ORD-123456",
                "leave at the front door", "x".repeat(400), "order_id_customer_reference_field", "price 45.67 qty 3",
                "SKU-99812 12:30:45", "AKIB", "-----", "Pat Example", "12345678", "1234-56-78", "SKU12345", "INV2026001",
                "{\"sku\": \"XSKU12\", \"po\": \"1GB82\"}")) {
            assertThat(candidate(s)).as(s).isFalse();
        }
        byte[] clean = DlpScanBenchmark.body("json");
        String noCard = new String(clean, StandardCharsets.ISO_8859_1).replace("card 4111 1111 1111 1111", "card on file today ok");
        assertThat(candidate(noCard)).isFalse();
        assertThat(candidate(new String(clean, StandardCharsets.ISO_8859_1))).isTrue();
    }

    /** Bodies of several chunks: the early answer for text bodies agrees with the full search, and so do the scans. */
    @Test
    void largeBodiesAcrossChunks() {
        String[] words = {"order", "shipped", "2026-11-26", "f47ac10b-58cc-4372-a567-0e02b2c3d479", "12345-6789", "12345678-1234-4372-a567-0e02b2c3d479",
            "ORD-123456", "1234-5678-9012", "4111 1111 1111 1111", "jane@example.com", "+14155552671", "token",
            "k3y0fTw3ntyCh4rsMix3d0", "DE89370400440532013000"};
        DlpScanner fast = new DlpScanner(DEFAULTS, false);
        DlpScanner full = DlpScanner.withoutPrefilter(DEFAULTS, false);
        Random r = new Random(5);
        for (int round = 0; round < 200; round++) {
            StringBuilder s = new StringBuilder();
            int size = 4000 + r.nextInt(16000);
            int rare = round % 4 == 0 ? 0 : 7 + r.nextInt(words.length - 7); // one kind of candidate, or none
            while (s.length() < size) {
                s.append(r.nextInt(500) == 0 && rare > 0 ? words[rare] : words[r.nextInt(7)]).append(' ');
            }
            byte[] b = bytes(s.toString());
            assertThat(Candidates.any(b, 0, b.length).none()).as("round %d", round).isEqualTo(Candidates.find(b, 0, b.length).none());
            Findings a = new Findings();
            Findings e = new Findings();
            assertThat(fast.body(b, "text/plain", Redaction.DEFAULT, a)).isEqualTo(full.body(b, "text/plain", Redaction.DEFAULT, e));
            assertThat(a.hits()).isEqualTo(e.hits());
            String json = "{\"a\": [\"" + s.toString().replace(" ", "\", \"") + "\"]}";
            a = new Findings();
            e = new Findings();
            assertThat(fast.body(bytes(json), "application/json", Redaction.DEFAULT, a))
                    .isEqualTo(full.body(bytes(json), "application/json", Redaction.DEFAULT, e));
            assertThat(a.hits()).isEqualTo(e.hits());
        }
    }

    @Test
    void aUuidAcrossAChunkBoundaryIsNotTakenForACandidateEarly() {
        String uuid = "12345678-1234-4372-a567-0e02b2c3d479"; // "12345678-1234": eleven of digits and separators
        int chunk = ByteClasses.CHUNK * ByteClasses.BLOCK;
        for (int cut = 14; cut < 36; cut++) { // the chunk ends inside the UUID, after its digit groups
            String body = "x ".repeat((chunk - cut) / 2) + (((chunk - cut) % 2 == 1) ? " " : "") + uuid + " done";
            byte[] b = bytes(body);
            assertThat(body.indexOf(uuid)).isEqualTo(chunk - cut);
            assertThat(Candidates.find(b, 0, b.length).none()).isTrue();
            assertThat(Candidates.any(b, 0, b.length).none()).as("cut %d", cut).isTrue();
        }
    }

    @Test
    void aSearchInvalidatesTheOneBeforeItOnTheSameThread() {
        byte[] b = bytes("{\"a\": \"jane@example.com\"}");
        Candidates first = Candidates.find(b, 0, b.length);
        assertThat(first.any(0, b.length)).isTrue();
        Candidates.find(b, 0, b.length);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> first.any(0, b.length)).isInstanceOf(IllegalStateException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> first.plainEnd(1)).isInstanceOf(IllegalStateException.class);
    }

    /** A NUL (UTF-16/32) makes it step aside; a backslash is noted, and the JSON reader reads at least to the last one. */
    @Test
    void wideEncodingsMakeItStepAsideAndEscapesAreNoted() {
        assertThat(Candidates.find(new byte[] {'{', 0, '}'}, 0, 3)).isNull();
        byte[] escaped = bytes("{\"a\": \"\\u0034\", \"b\": 1}");
        Candidates c = Candidates.find(escaped, 0, escaped.length);
        assertThat(c.none()).isTrue();
        assertThat(c.escapes()).isTrue();
        assertThat(c.last()).isEqualTo(7);
        byte[] later = bytes("{\"a\": \"4111111111111111\", \"b\": \"\\n\"}");
        Candidates both = Candidates.find(later, 0, later.length);
        assertThat(both.none()).isFalse();
        assertThat(both.last()).as("the backslash after the card").isEqualTo(later.length - 4);
        assertThat(Candidates.find(bytes("{\"a\": 1}"), 0, 8).escapes()).isFalse();
    }

    @Test
    void plainEndFromTheMasksIsUtf8PlainEnd() {
        byte[] alphabet = bytes("ab\"\\\n\u00e9 7:,{}");
        Random r = new Random(3);
        for (int round = 0; round < 500; round++) {
            byte[] b = new byte[1 + r.nextInt(300)];
            for (int i = 0; i < b.length; i++) {
                b[i] = alphabet[r.nextInt(alphabet.length)];
            }
            int off = r.nextInt(b.length);
            Candidates c = Candidates.find(b, off, b.length - off);
            for (int from = off; from <= b.length; from++) {
                assertThat(c.plainEnd(from)).as("round %d from %d", round, from).isEqualTo(Utf8.plainEnd(b, from, b.length));
            }
        }
    }

    @Test
    void anyLooksOnlyInsideTheRangeAsked() {
        String s = "x".repeat(70) + "a@b.cd" + "y".repeat(100); // the '@' in the second block, at 71
        byte[] b = bytes(s);
        Candidates c = Candidates.find(b, 0, b.length);
        assertThat(c.any(s.indexOf('@'), s.indexOf('@') + 1)).isTrue();
        assertThat(c.any(0, s.indexOf('@'))).isFalse();
        assertThat(c.any(s.indexOf('@') + 1, b.length)).isFalse();
        assertThat(c.any(3, 170)).isTrue();
    }

    /** next and any against a plain search of the marks, at every position of a body with marks in many blocks. */
    @Test
    void nextAndAnyAgreeWithTheMarksAtEveryPosition() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 12; i++) { // '@' and '+' mark themselves; gaps of 0 to 150 bytes between them
            text.append("z".repeat(i * i)).append(i % 2 == 0 ? '@' : '+');
        }
        byte[] b = bytes(text.toString());
        for (int off : new int[] {0, 7, 64}) {
            Candidates c = Candidates.find(b, off, b.length - off);
            for (int from = off; from <= b.length; from++) {
                int expected = from;
                while (expected < b.length && b[expected] != '@' && b[expected] != '+') {
                    expected++;
                }
                assertThat(c.next(from)).as("next(%d), off %d", from, off).isEqualTo(expected);
                for (int to = from; to <= Math.min(b.length, from + 130); to++) {
                    assertThat(c.any(from, to)).as("any(%d, %d), off %d", from, to, off).isEqualTo(expected < to);
                }
            }
        }
    }

    /** Key runs near a keyword, UUIDs and near-UUIDs, at every offset across a block boundary. */
    @Test
    void keyRunsAndUuidsAreJudgedAsTheScannerJudgesThem() {
        DlpScanner fast = new DlpScanner(DEFAULTS, false);
        DlpScanner full = DlpScanner.withoutPrefilter(DEFAULTS, false);
        List<String> runs = List.of("f47ac10b-58cc-4372-a567-0e02b2c3d479", "F47AC10B-58CC-4372-A567-0E02B2C3D479",
                "g47ac10b-58cc-4372-a567-0e02b2c3d479", "f47ac10b-58cc-4372-a567-0e02b2c3d47", "f47ac10b-58cc-4372-a567-0e02b2c3d4799",
                "f47ac10b58cc-4372-a567-0e02b2c3d4791", "-47ac10b-58cc-4372-a567-0e02b2c3d479", "f47ac10b-58cc-4372-a567-0e02b2c3d479=",
                "+f47ac10b-58cc-4372-a567-0e02b2c3d479", "1234-5678-9012-3456-7890-1234-5678-9", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                "a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6", "x9y8z7w6v5u4t3s2r1q0=", "abcdefghijabcdefghij", "1111111111222222222233");
        int compared = 0;
        for (String run : runs) {
            for (String before : List.of("token ", "id ", "aws_secret ")) {
                for (int pad = 0; pad < 70; pad += 3) {
                    String text = "y".repeat(pad) + " " + before + run + " tail";
                    for (String[] body : List.of(new String[] {"text/plain", text},
                            new String[] {"application/json", "{\"token\": \"" + text + "\", \"n\": 1}"})) {
                        sameScan(fast, full, body[0], body[1]);
                        compared++;
                    }
                }
            }
        }
        assertThat(compared).isEqualTo(runs.size() * 3 * 24 * 2);
    }

    @Test
    void scanningWithThePrefilterFindsAndRedactsExactlyWhatScanningEverythingDoes() throws Exception {
        DlpScanner fast = new DlpScanner(DEFAULTS, false);
        DlpScanner full = DlpScanner.withoutPrefilter(DEFAULTS, false);
        DlpScanner fastKeys = new DlpScanner(DEFAULTS, true);
        DlpScanner fullKeys = DlpScanner.withoutPrefilter(DEFAULTS, true);
        List<DlpCorpusTest.Sample> corpus = DlpCorpusTest.corpus();
        Random r = new Random(11);
        List<String[]> bodies = new ArrayList<>(); // media type, body
        for (DlpCorpusTest.Sample s : corpus) {
            String type = switch (s.type()) {
                case "json" -> "application/json";
                case "form" -> "application/x-www-form-urlencoded";
                default -> "text/plain";
            };
            bodies.add(new String[] {type, s.text()});
            String quoted = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(s.text());
            bodies.add(new String[] {"application/json", "{\"note\": " + quoted + ", \"n\": [1, 2]}"});
            bodies.add(new String[] {"application/json", "{" + quoted + ": true}"}); // in a key
            bodies.add(new String[] {"application/json", "{\"broken\": , \"note\": " + quoted + "}"}); // malformed: as text
            // escapes: before the sample, after it (read to the last backslash), and all through it
            bodies.add(new String[] {"application/json", "{\"x\": \"line\\nbreak \\u00e9\", \"note\": " + quoted + "}"});
            bodies.add(new String[] {"application/json", "{\"note\": " + quoted + ", \"x\": \"tab\\there\"}"});
            bodies.add(new String[] {"application/json", "{\"note\": \"" + asciiEscaped(s.text()) + "\", \"n\": 4}"});
            // around other samples, cut anywhere: marks split across the ends of a value
            String other = corpus.get(r.nextInt(corpus.size())).text();
            String mixed = s.text() + " " + other;
            int cut = r.nextInt(mixed.length() + 1);
            bodies.add(new String[] {"application/json", "[" + new com.fasterxml.jackson.databind.ObjectMapper()
                    .writeValueAsString(mixed.substring(0, cut)) + ", " + new com.fasterxml.jackson.databind.ObjectMapper()
                    .writeValueAsString(mixed.substring(cut)) + "]"});
            bodies.add(new String[] {"text/plain", "x".repeat(r.nextInt(70)) + mixed});
            // far behind and ahead of elements that hold nothing (passed over unread): in an object, an array, nested
            String pad = padding(r);
            bodies.add(new String[] {"application/json", "{\"pad\": [" + pad + "], \"note\": " + quoted + ", \"after\": ["
                    + padding(r) + "]}"});
            bodies.add(new String[] {"application/json", "[" + pad + (pad.isEmpty() ? "" : ", ") + quoted + ", {\"n\": ["
                    + padding(r) + "]}]"});
            bodies.add(new String[] {"application/json", "{\"a\": {\"b\": [" + pad + (pad.isEmpty() ? "" : ", ") + "{\"c\": "
                    + quoted + "}]}, \"z\": 1}"});
            // forms: the sample encoded, and raw with '+' for its spaces, between other fields
            String form = "application/x-www-form-urlencoded";
            bodies.add(new String[] {form, "a=1&note=" + java.net.URLEncoder.encode(s.text(), StandardCharsets.UTF_8) + "&b=x"});
            bodies.add(new String[] {form, "note=" + s.text().replaceAll("[&%=]", "").replace(' ', '+') + "&other="
                    + other.replaceAll("[&%=]", "").replace(' ', '+')});
            // multipart: text parts (each searched on its own) around a JSON part
            bodies.add(new String[] {"multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n"
                    + s.text() + "\r\n--b\r\nContent-Disposition: form-data; name=\"j\"\r\nContent-Type: application/json\r\n\r\n"
                    + "{\"note\": " + quoted + "}\r\n--b\r\nContent-Disposition: form-data; name=\"c\"\r\n\r\n" + other
                    + "\r\n--b--\r\n"});
        }
        int scanned = 0;
        for (String[] b : bodies) {
            for (boolean keys : new boolean[] {false, true}) {
                DlpScanner withPrefilter = keys ? fastKeys : fast;
                DlpScanner reference = keys ? fullKeys : full;
                Findings a = new Findings();
                Findings e = new Findings();
                byte[] body = bytes(b[1]);
                byte[] got = withPrefilter.body(body, b[0], Redaction.DEFAULT, a);
                byte[] want = reference.body(body, b[0], Redaction.DEFAULT, e);
                assertThat(a.hits()).as(b[1]).isEqualTo(e.hits());
                assertThat(got).as(b[1]).isEqualTo(want);
                Findings h = new Findings();
                assertThat(DlpScannerTest.held(withPrefilter, body, b[0], h)).as("held: " + b[1]).isEqualTo(want);
                assertThat(h.hits()).as("held: " + b[1]).isEqualTo(e.hits());
                scanned++;
            }
        }
        assertThat(scanned).isGreaterThan(10_000);
    }

    /**
     * Elements with nothing to find, 0 to 39 of them: objects and arrays nested, brackets and commas inside
     * strings, non-ASCII text, numbers and literals (no backslash: a body with one is read whole).
     */
    static String padding(Random r) {
        String[] elements = {"{\"id\": 12, \"tags\": [\"a\", \"b\"]}", "\"x, ] } [ {\"", "[1, [2, [3]], {}]", "null",
                "{\"k\": {\"k\": {\"k\": \"\u00e9t\u00e9, \u20ac]\"}}}", "-0.5e3",
                "\"" + "w".repeat(70) + "\"", "[]", "{\"t\": true, \"f\": false}"};
        StringBuilder b = new StringBuilder();
        for (int i = 0, count = r.nextInt(40); i < count; i++) {
            b.append(i == 0 ? "" : ", ").append(elements[r.nextInt(elements.length)]);
        }
        return b.toString();
    }

    /**
     * A policy with custom detectors keeps the prefilter for bodies that lack every custom detector's
     * literal, and finds exactly what scanning every value finds: the custom match plain, escaped, in a
     * key, in text and in a multipart part, next to every corpus sample.
     */
    @Test
    void customDetectorsWithALiteralKeepThePrefilterAndMissNothing() throws Exception {
        var employee = new CustomDetector("employee-id", com.google.re2j.Pattern.compile("EMP-[0-9]{6}"), List.of("employee"),
                CustomDetector.Checksum.NONE);
        var ref = new CustomDetector("ref", com.google.re2j.Pattern.compile("REF-[0-9]{4,}"), List.of(), CustomDetector.Checksum.LUHN);
        TextScanner withCustom = new TextScanner(Detector.defaults(), List.of(employee, ref));
        DlpScanner fast = new DlpScanner(withCustom, true);
        DlpScanner full = DlpScanner.withoutPrefilter(withCustom, true);
        String[] customs = {"employee EMP-123456", "employee EMP\\u002d123456", "ref REF-79927398713", "EMP-12345 REF-1234", ""};
        int scanned = 0;
        int customFound = 0;
        for (DlpCorpusTest.Sample s : DlpCorpusTest.corpus()) {
            String quoted = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(s.text());
            String custom = customs[scanned % customs.length];
            String[][] bodies = {
                {"application/json", "{\"note\": " + quoted + ", \"staff\": \"" + custom + "\"}"},
                {"application/json", "{\"" + custom + "\": " + quoted + "}"},
                {"text/plain", s.text() + " " + custom.replace("\\u002d", "-")},
                {"multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n" + s.text()
                        + "\r\n--b\r\nContent-Disposition: form-data; name=\"c\"\r\n\r\n" + custom.replace("\\u002d", "-")
                        + "\r\n--b--\r\n"}};
            for (String[] b : bodies) {
                customFound += (int) sameScan(fast, full, b[0], b[1]).stream()
                        .filter(h -> h.detector().equals("employee-id") || h.detector().equals("ref")).count();
            }
            scanned++;
        }
        assertThat(scanned).isGreaterThan(1_000);
        assertThat(customFound).as("custom findings among the bodies compared").isGreaterThan(1_000);
    }

    /**
     * Lone digit runs (timestamps, long ids) carry no candidate, and nothing is lost by it: random runs of
     * 8 to 22 digits, some of them cards (every issuer's first digit, Luhn-valid) or SSNs near their
     * keyword, between every kind of neighbour, in JSON strings, JSON numbers and text, give the same
     * findings and bytes with the prefilter as with every value scanned.
     */
    @Test
    void loneDigitRunsAreNoCandidatesAndHideNothing() throws Exception {
        DlpScanner fast = new DlpScanner(DEFAULTS, false);
        DlpScanner full = DlpScanner.withoutPrefilter(DEFAULTS, false);
        String[] between = {" ", "-", ", ", ":", " x ", "=", "+", ".", "_", "a", "\n", "  ", "/", " - ", "ssn "};
        Random r = new Random(19);
        int found = 0;
        for (int round = 0; round < 3000; round++) {
            StringBuilder text = new StringBuilder();
            StringBuilder numbers = new StringBuilder("[");
            for (int k = 0; k < 6; k++) {
                String run = digitRun(r);
                text.append(between[r.nextInt(between.length)]).append(run);
                numbers.append(k == 0 ? "" : ", ").append(run.charAt(0) == '0' ? "1" + run : run);
            }
            String[][] bodies = {{"text/plain", text.toString()},
                {"application/json", "{\"note\": \"" + text.toString().replace("\n", "\\n") + "\"}"},
                {"application/json", numbers.append("]").toString()}};
            for (String[] b : bodies) {
                found += sameScan(fast, full, b[0], b[1]).size();
            }
        }
        assertThat(found).as("findings among the bodies compared").isGreaterThan(2_000);
        assertThat(candidate("{\"ts\": 1732612345678, \"id\": \"98765432109876543210\", \"n\": 1732612345}")).isFalse();
        // a run after a group is not alone: "4111 " and "5555 " start the cards these runs end
        for (String card : List.of("4111 111111111111", "5555 555555554444", "card 4111-111111111111 ok")) {
            Findings f = new Findings();
            fast.body(bytes("{\"note\": \"" + card + "\"}"), "application/json", null, f);
            assertThat(f.hits()).as(card).extracting(Findings.Hit::detector).containsExactly("credit-card");
        }
    }

    /** 8 to 22 random digits; a third of them a Luhn-valid number of 13 to 19 digits from a random first digit. */
    private static String digitRun(Random r) {
        StringBuilder d = new StringBuilder();
        int length = 8 + r.nextInt(15);
        for (int i = 0; i < length; i++) {
            d.append((char) ('0' + r.nextInt(10)));
        }
        if (r.nextInt(3) == 0) {
            d.setLength(13 + r.nextInt(7));
            for (int check = 0; check < 10; check++) {
                d.setCharAt(d.length() - 1, (char) ('0' + check));
                if (Validators.luhn(d)) {
                    break;
                }
            }
        }
        return d.toString();
    }

    /** Scans body with the prefilter and with every value scanned: the same findings and bytes. Returns the findings. */
    static List<Findings.Hit> sameScan(DlpScanner fast, DlpScanner full, String type, String body) {
        Findings a = new Findings();
        Findings e = new Findings();
        byte[] got = fast.body(bytes(body), type, Redaction.DEFAULT, a);
        byte[] want = full.body(bytes(body), type, Redaction.DEFAULT, e);
        assertThat(a.hits()).as(body).isEqualTo(e.hits());
        assertThat(got).as(body).isEqualTo(want);
        return e.hits();
    }

    /** s as a JSON string's content, every '4', quote, backslash, control and non-ASCII character as a \\u escape. */
    static String asciiEscaped(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            out.append(c == '4' || c == '"' || c == '\\' || c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return out.toString();
    }

    /**
     * The reader stops past the last candidate, so JSON malformed only after it reads as the same JSON made
     * whole: the same findings at the same paths, the same redaction. (With escapes there are no marks to
     * stop at: such a body is read to its end and scanned as text.)
     */
    @Test
    void jsonMalformedOnlyAfterItsLastCandidateReadsAsTheWholeDocument() throws Exception {
        DlpScanner fast = new DlpScanner(DEFAULTS, false);
        DlpScanner full = DlpScanner.withoutPrefilter(DEFAULTS, false);
        int compared = 0;
        int found = 0;
        for (DlpCorpusTest.Sample s : DlpCorpusTest.corpus()) {
            String quoted = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(s.text());
            if (quoted.contains("\\")) {
                continue;
            }
            byte[] broken = bytes("{\"note\": " + quoted + ", \"rest\": [1, {\"broken\": }");
            byte[] whole = bytes("{\"note\": " + quoted + ", \"rest\": [1, {\"broken\": 0}]}");
            Findings a = new Findings();
            Findings e = new Findings();
            byte[] got = fast.body(broken, "application/json", Redaction.DEFAULT, a);
            byte[] want = full.body(whole, "application/json", Redaction.DEFAULT, e);
            assertThat(a.hits()).as(s.text()).isEqualTo(e.hits());
            if (want == null) {
                assertThat(got).as(s.text()).isNull();
            } else {
                String w = new String(want, StandardCharsets.UTF_8);
                assertThat(new String(got, StandardCharsets.UTF_8)).as(s.text())
                        .isEqualTo(w.substring(0, w.length() - "0}]}".length()) + "}");
                found++;
            }
            compared++;
        }
        assertThat(compared).isGreaterThan(1_000);
        assertThat(found).isGreaterThan(500);
    }
}
