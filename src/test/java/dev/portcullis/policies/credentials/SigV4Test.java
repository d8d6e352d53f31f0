package dev.portcullis.policies.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Vectors from AWS's published SigV4 test suite (AKIDEXAMPLE, 20150830T123600Z, us-east-1, service "service"). */
class SigV4Test {
    static final String AKID = "AKIDEXAMPLE";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    static final Instant AT = Instant.parse("2015-08-30T12:36:00Z");
    static final String EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    static Map<String, List<String>> headers(String... kv) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            h.computeIfAbsent(kv[i], k -> new java.util.ArrayList<>()).add(kv[i + 1]);
        }
        return h;
    }

    static SigV4.Signature sign(String method, String path, String query, Map<String, List<String>> headers, String service) {
        return SigV4.sign(method, path, query, headers, EMPTY, AKID, SECRET, "us-east-1", service, AT);
    }

    @Test
    void signingKeyOfTheDocumentation() {
        assertThat(SigV4.hex(SigV4.signingKey(SECRET, "20120215", "us-east-1", "iam")))
                .isEqualTo("f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
    }

    @Test
    void getVanilla() {
        SigV4.Signature s = sign("GET", "/", null, headers("Host", "example.amazonaws.com", "X-Amz-Date", "20150830T123600Z"), "service");
        assertThat(s.authorization()).isEqualTo("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                + "SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
    }

    @Test
    void postVanilla() {
        assertThat(sign("POST", "/", null, headers("Host", "example.amazonaws.com", "X-Amz-Date", "20150830T123600Z"), "service")
                .signature()).isEqualTo("5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b");
    }

    @Test
    void getVanillaQueryOrderKeyCase() {
        assertThat(sign("GET", "/", "Param2=value2&Param1=value1",
                headers("Host", "example.amazonaws.com", "X-Amz-Date", "20150830T123600Z"), "service").signature())
                .isEqualTo("b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
    }

    @Test
    void getHeaderKeyDuplicate() {
        assertThat(sign("GET", "/", null, headers("Host", "example.amazonaws.com", "My-Header1", "value2", "My-Header1", "value2",
                "My-Header1", "value1", "X-Amz-Date", "20150830T123600Z"), "service").signature())
                .isEqualTo("c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea");
    }

    @Test
    void iamListUsersOfTheDocumentation() {
        SigV4.Signature s = sign("GET", "/", "Action=ListUsers&Version=2010-05-08",
                headers("Content-Type", "application/x-www-form-urlencoded; charset=utf-8", "Host", "iam.amazonaws.com",
                        "X-Amz-Date", "20150830T123600Z"), "iam");
        assertThat(s.authorization()).isEqualTo("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
                + "SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
    }

    @Test
    void pathsAndQueriesAreCanonicalised() {
        assertThat(SigV4.canonicalUri("/a b/c", false)).isEqualTo("/a%20b/c");
        assertThat(SigV4.canonicalUri("/a%20b/c", true)).isEqualTo("/a%2520b/c");
        assertThat(SigV4.canonicalQuery("b=2&a=%7e&a=1")).isEqualTo("a=1&a=~&b=2");
    }
}
