package dev.portcullis.policies.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.policy.BodyCheck;
import dev.portcullis.policy.Verdict;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** JSON and XML structure checks fed in small pieces, as the body arrives from the network. */
class StructureCheckTest {
    static final JsonLimits JSON = new JsonLimits(4, 3, 5, 10, 12);
    static final XmlLimits XML = new XmlLimits(3, 6, 2, 10);

    /** null when accepted, else the refusal's message. */
    static String check(BodyCheck c, String body, int pieceSize) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i += pieceSize) {
            Verdict.Deny d = c.content(ByteBuffer.wrap(b, i, Math.min(pieceSize, b.length - i)).slice());
            if (d != null) {
                return d.message();
            }
        }
        Verdict.Deny d = c.end();
        return d == null ? null : d.message();
    }

    static String json(String body, int pieceSize) {
        return check(new JsonStructureCheck(JsonStructureCheck.factory(JSON), JSON), body, pieceSize);
    }

    static String xml(String body, int pieceSize) {
        return check(new XmlStructureCheck(XmlStructureCheck.factory(), XML), body, pieceSize);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"a\":{\"b\":[1,2,{\"c\":\"short\"}]}}|",
        "[[[[1]]]]|",
        "[[[[[1]]]]]|JSON nesting depth",
        "{\"a\":1,\"b\":2,\"c\":3,\"d\":4}|maxKeysPerObject (3)",
        "[1,2,3,4,5,6]|maxArrayItems (5)",
        "{\"a\":\"0123456789x\"}|maxStringLength (10)",
        "[[1,2,3,4,5],[1,2,3,4,5],[1,2,3]]|maxTotalEntries (12)",
        "{\"a\":1,}|not well-formed",
        "{\"a\":\"x,}\"}|",
        "{\"a\":1|not well-formed",
        "{\"a\":1} {\"b\":2}|more than one top-level value",
    })
    void json(String body, String expected) {
        for (int piece : new int[] {1, 3, 1024}) {
            String result = json(body, piece);
            if (expected == null) {
                assertThat(result).as("piece size %d", piece).isNull();
            } else {
                assertThat(result).as("piece size %d", piece).contains(expected);
            }
        }
    }

    @org.junit.jupiter.api.Test
    void randomBytesInRandomPiecesNeverThrow() {
        java.util.Random r = new java.util.Random(3);
        String alphabet = "{}[]\",:0123456789.eE+-truefalsn \\u<>/?!=&;'xml DOCTYPE[]ENTITY SYSTEM";
        for (int i = 0; i < 2000; i++) {
            StringBuilder b = new StringBuilder();
            for (int j = r.nextInt(200); j > 0; j--) {
                b.append(i % 3 == 0 ? (char) r.nextInt(256) : alphabet.charAt(r.nextInt(alphabet.length())));
            }
            int piece = 1 + r.nextInt(16);
            org.assertj.core.api.Assertions.assertThatCode(() -> json(b.toString(), piece)).doesNotThrowAnyException();
            org.assertj.core.api.Assertions.assertThatCode(() -> xml(b.toString(), piece)).doesNotThrowAnyException();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "<a><b x='1' y='2'>text</b><c/></a>|",
        "<?xml version='1.0'?><!DOCTYPE a [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><a>&x;</a>|DOCTYPE",
        "<!DOCTYPE lolz [<!ENTITY lol 'lol'><!ENTITY lol2 '&lol;&lol;'>]><lolz>&lol2;</lolz>|DOCTYPE",
        "<a>&undeclared;</a>|references the entity 'undeclared'",
        "<a>&amp;&lt;x</a>|",
        "<a><b><c><d/></c></b></a>|XML nesting depth 4",
        "<a><b/><b/><b/><b/><b/><b/></a>|maxElements (6)",
        "<a x='1' y='2' z='3'/>|maxAttributesPerElement (2)",
        "<a>01234567890</a>|maxTextLength (10)",
        "<a><b></a>|cut short",
        "<a>|cut short",
    })
    void xml(String body, String expected) {
        for (int piece : new int[] {1, 3, 1024}) {
            String result = xml(body, piece);
            if (expected == null) {
                assertThat(result).as("piece size %d", piece).isNull();
            } else {
                assertThat(result).as("piece size %d", piece).contains(expected);
            }
        }
    }
}
