package dev.portcullis.dlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Passing over the elements of a JSON container: what counts as one, and where reading goes on. */
class JsonStructureTest {
    private static byte[] bytes(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    private static JsonStructure structure(byte[] b, BlockClassifier classifier) {
        return new JsonStructure(b, b.length, classifier);
    }

    @Test
    void theVectorAndScalarClassifiersGiveTheSamePunctuation() {
        assumeTrue(VectorSupport.usable(), "needs --add-modules jdk.incubator.vector (the pom adds it)");
        byte[] alphabet = bytes("\"{}[],:ab 1\\{[]}");
        Random r = new Random(5);
        for (int round = 0; round < 2000; round++) {
            byte[] b = new byte[1 + r.nextInt(300)];
            for (int i = 0; i < b.length; i++) {
                b[i] = round % 4 == 0 ? (byte) r.nextInt(256) : alphabet[r.nextInt(alphabet.length)];
            }
            int from = 64 * r.nextInt(1 + (b.length - 1) / 64);
            long[] v = new long[ByteClasses.blocks(b.length) * JsonStructure.COUNT];
            long[] s = new long[v.length];
            new VectorClassifier().punctuation(b, from, b.length, v, 0);
            new ScalarClassifier().punctuation(b, from, b.length, s, 0);
            assertThat(v).as("round %d: %d bytes from %d", round, b.length, from).isEqualTo(s);
        }
    }

    @Test
    void passesOverTheElementsThatEndBeforeTheTarget() {
        for (BlockClassifier c : classifiers()) {
            String doc = "[{\"a\": [1, 2]}, [3, {\"b\": 4}], \"x\", 5, \"target\"]";
            JsonStructure s = structure(bytes(doc), c);
            int target = doc.indexOf("target");
            int at = s.pass(1, target);
            assertThat(at).as("the ',' after 5").isEqualTo(doc.indexOf(", \"target\""));
            assertThat(s.passed()).isEqualTo(4);
            // the target inside the first element: nothing passed over
            assertThat(s.pass(doc.indexOf("1,"), doc.indexOf("2]"))).isEqualTo(doc.indexOf(", 2]"));
            assertThat(s.pass(1, doc.indexOf("2]"))).isEqualTo(-1);
        }
    }

    @Test
    void stopsAtTheEndOfTheContainerWhenTheTargetIsPastIt() {
        for (BlockClassifier c : classifiers()) {
            String doc = "{\"list\": [1, [2], {\"c\": 3}], \"card\": \"t\"}";
            JsonStructure s = structure(bytes(doc), c);
            assertThat(s.pass(doc.indexOf('1'), doc.indexOf("\"t\""))).isEqualTo(doc.indexOf("], \"card\""));
            assertThat(s.passed()).isEqualTo(3);
        }
    }

    /** Brackets, commas and quotes of strings (escaped ones aside: such bodies are read whole) are not punctuation. */
    @Test
    void punctuationInsideStringsIsNotCountedAcrossBlocks() {
        for (BlockClassifier c : classifiers()) {
            for (int shift = 0; shift < 70; shift++) {
                String doc = "[\"" + "s".repeat(shift) + "\", \"a], [{ ,\", [\"" + "]".repeat(100) + "\", {\"k\": \",\"}], 7, \"t\"]";
                JsonStructure s = structure(bytes(doc), c);
                assertThat(s.pass(1, doc.indexOf("\"t\""))).as("shift %d", shift).isEqualTo(doc.indexOf(", \"t\""));
                assertThat(s.passed()).as("shift %d", shift).isEqualTo(4);
            }
        }
    }

    @Test
    void prefixXorIsTheRunningParity() {
        Random r = new Random(3);
        for (int round = 0; round < 1000; round++) {
            long x = r.nextLong();
            long want = 0;
            boolean odd = false;
            for (int j = 0; j < 64; j++) {
                odd ^= (x >>> j & 1) != 0;
                want |= odd ? 1L << j : 0;
            }
            assertThat(JsonStructure.prefixXor(x)).isEqualTo(want);
        }
    }

    private static BlockClassifier[] classifiers() {
        return VectorSupport.usable() ? new BlockClassifier[] {new ScalarClassifier(), new VectorClassifier()}
                : new BlockClassifier[] {new ScalarClassifier()};
    }
}
