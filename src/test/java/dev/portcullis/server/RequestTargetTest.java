package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestTargetTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "/a/b, /a/b", "/a/./b, /a/b", "/a/../b, /b", "/../../x, /x", "/a/b/.., /a/", "/svc/x/%20y, /svc/x/%20y",
    })
    void resolvesDotSegments(String uri, String path) throws Exception {
        assertThat(RequestTarget.parse(uri, false).path()).isEqualTo(path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a%2fb", "/a%2Fb", "/a%5cb", "/%2e%2e/x", "/a\\b", "/a b", "/a#frag", "/%zz", "ftp://x/",
        "http://user@host/", "http://[::1/", "http://host:99999/", "http://0177.0.0.1/", "http://2130706433/", "*"})
    void refusesAmbiguousTargets(String uri) {
        assertThatThrownBy(() -> RequestTarget.parse(uri, false)).isInstanceOf(RequestTarget.Invalid.class);
    }

    @Test
    void absoluteFormGivesNormalisedHostPortAndPath() throws Exception {
        RequestTarget t = RequestTarget.parse("HTTP://API.Example.com.:8080/v1/../v2?q=1", false);
        assertThat(t.form()).isEqualTo(RequestTarget.Form.ABSOLUTE);
        assertThat(t.host()).isEqualTo("api.example.com");
        assertThat(t.port()).isEqualTo(8080);
        assertThat(t.path()).isEqualTo("/v2");
        assertThat(t.query()).isEqualTo("q=1");
        assertThat(RequestTarget.parse("https://h.example", false).port()).isEqualTo(443);
        assertThat(RequestTarget.parse("http://[::ffff:7f00:1]:80/", false).host()).isEqualTo("::ffff:7f00:1");
    }

    @Test
    void connectNeedsHostAndPort() throws Exception {
        RequestTarget t = RequestTarget.parse("api.github.com:443", true);
        assertThat(t.host()).isEqualTo("api.github.com");
        assertThat(t.port()).isEqualTo(443);
        assertThatThrownBy(() -> RequestTarget.parse("api.github.com", true)).isInstanceOf(RequestTarget.Invalid.class);
    }
}
