package dev.portcullis.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathGlobTest {
    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource({
        "/v1/charges/**, /v1/charges, true",
        "/v1/charges/**, /v1/charges/ch_1, true",
        "/v1/charges/**, /v1/charges/ch_1/refunds, true",
        "/v1/charges/**, /v1/chargesx, false",
        "/v1/charges/**, /v1/refunds, false",
        "/v1/customers/*, /v1/customers/c1, true",
        "/v1/customers/*, /v1/customers/c1/x, false",
        "/v1/customers/*, /v1/customers, false",
        "/v1/*/items, /v1/a/items, true",
        "/v1/*/items, /v1/a/b/items, false",
        "/v1/**/items, /v1/a/b/items, true",
        "/v1/**/items, /v1/items, true",
        "/files/*.json, /files/a.json, true",
        "/files/*.json, /files/a.xml, false",
        "/, /, true",
        "/**, /anything/at/all, true",
        "/exact, /exact, true",
        "/exact, /exact/, false",
    })
    void matches(String pattern, String path, boolean expected) {
        assertThat(PathGlob.compile(pattern).matches(path)).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void adversarialInputStaysCheap() {
        PathGlob g = PathGlob.compile("/**/a*a*a*a*a*a*b/**");
        String path = "/" + "a".repeat(3000) + "/" + "aa/".repeat(500);
        assertThat(g.matches(path)).isFalse(); // bounded by pattern size x path size; would hang a backtracking regex
    }
}
