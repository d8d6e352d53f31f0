package dev.portcullis.dlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Precision and recall of every built-in detector over the labeled corpus (src/test/resources/dlp,
 * synthetic data and public test values, made by generate_corpus.py). Fails below recall 0.99 or above
 * a false-positive rate of 0.001 for any detector, and prints the table docs/dlp.md quotes.
 */
class DlpCorpusTest {
    record Sample(int id, String type, String text, Set<String> expect) {}

    static List<Sample> corpus() throws Exception {
        ObjectMapper m = new ObjectMapper();
        List<Sample> out = new ArrayList<>();
        try (var in = new BufferedReader(new InputStreamReader(DlpCorpusTest.class.getResourceAsStream("/dlp/corpus.jsonl"),
                StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                JsonNode n = m.readTree(line);
                Set<String> expect = new HashSet<>();
                n.path("expect").forEach(e -> expect.add(e.asText()));
                out.add(new Sample(n.path("id").asInt(), n.path("type").asText(), n.path("text").asText(), expect));
            }
        }
        return out;
    }

    static Set<String> detect(DlpScanner scanner, Sample s) {
        String type = switch (s.type()) {
            case "json" -> "application/json";
            case "form" -> "application/x-www-form-urlencoded";
            default -> "text/plain";
        };
        Findings f = new Findings();
        scanner.body(s.text().getBytes(StandardCharsets.UTF_8), type, null, f);
        Set<String> found = new HashSet<>();
        f.hits().forEach(h -> found.add(h.detector()));
        return found;
    }

    @Test
    void everyDetectorMeetsItsRecallAndFalsePositiveTargets() throws Exception {
        List<Sample> corpus = corpus();
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(1000);
        DlpScanner scanner = new DlpScanner(new TextScanner(Detector.defaults(), List.of()), false);
        Map<String, int[]> stats = new TreeMap<>(); // positives, true positives, negatives, false positives
        List<String> misses = new ArrayList<>();
        for (Sample s : corpus) {
            Set<String> found = detect(scanner, s);
            for (Detector d : Detector.values()) {
                String name = d.configName();
                int[] st = stats.computeIfAbsent(name, k -> new int[4]);
                boolean expected = s.expect().contains(name);
                boolean hit = found.contains(name);
                if (expected) {
                    st[0]++;
                    st[1] += hit ? 1 : 0;
                } else {
                    st[2]++;
                    st[3] += hit ? 1 : 0;
                }
                if (expected != hit) {
                    misses.add((hit ? "false positive " : "missed ") + name + " in #" + s.id() + ": " + s.text());
                }
            }
        }
        StringBuilder table = new StringBuilder("| detector | positives | recall | negatives | false-positive rate | precision |\n"
                + "| --- | --- | --- | --- | --- | --- |\n");
        stats.forEach((name, st) -> table.append(String.format(java.util.Locale.ROOT, "| `%s` | %d | %.3f | %d | %.4f | %.3f |%n",
                name, st[0], recall(st), st[2], fpr(st), st[1] + st[3] == 0 ? 1.0 : st[1] / (double) (st[1] + st[3]))));
        System.out.println("DLP corpus (" + corpus.size() + " samples)\n" + table);
        misses.forEach(System.out::println);
        stats.forEach((name, st) -> {
            assertThat(st[0]).as("positives for %s", name).isGreaterThanOrEqualTo(40);
            assertThat(recall(st)).as("recall of %s; misses:%n%s", name, String.join("\n", misses)).isGreaterThanOrEqualTo(0.99);
            assertThat(fpr(st)).as("false-positive rate of %s; misses:%n%s", name, String.join("\n", misses)).isLessThanOrEqualTo(0.001);
        });
    }

    private static double recall(int[] st) { return st[0] == 0 ? 1.0 : st[1] / (double) st[0]; }

    private static double fpr(int[] st) { return st[2] == 0 ? 0.0 : st[3] / (double) st[2]; }
}
