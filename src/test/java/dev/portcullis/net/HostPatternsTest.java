package dev.portcullis.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostPatternsTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "null", value = {
        "API.Example.COM, api.example.com",
        "api.example.com., api.example.com",
        "bücher.example, xn--bcher-kva.example",
        "127.0.0.1, 127.0.0.1",
        "[::1], ::1",
        "[0:0:0:0:0:0:0:1], ::1",
        "0177.0.0.1, null",
        "2130706433, null",
        "0x7f.1, null",
        "127.1, null",
        "1.2.3.04, null",
        "[fe80::1%eth0], null",
        "-bad.example, null",
        "a..b, null",
        "'', null",
    })
    void normalisesOrRefuses(String host, String expected) {
        assertThat(HostPatterns.normaliseName(host)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource({
        "*.example.com, a.example.com, true",
        "*.example.com, a.b.example.com, true",
        "*.example.com, example.com, false",
        "*.example.com, badexample.com, false",
        "*, anything.at.all, true",
        "api.example.com, api.example.com, true",
        "api.example.com, x.api.example.com, false",
    })
    void wildcards(String pattern, String host, boolean expected) {
        assertThat(HostPatterns.matches(HostPatterns.normalisePattern(pattern), host)).isEqualTo(expected);
    }
}
