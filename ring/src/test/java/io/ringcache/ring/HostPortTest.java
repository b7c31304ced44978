package io.ringcache.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostPortTest {

    @ParameterizedTest
    @CsvSource({
        "127.0.0.1:11211, 127.0.0.1, 11211, 127.0.0.1:11211",
        "cache-1.example:7946, cache-1.example, 7946, cache-1.example:7946",
        "'  localhost:0 ', localhost, 0, localhost:0",
        "[::1]:11211, ::1, 11211, [::1]:11211",
        "[fe80::1%eth0]:65535, fe80::1%eth0, 65535, [fe80::1%eth0]:65535",
        // what nodes published before addresses were bracketed: the port follows the last colon
        "::1:11211, ::1, 11211, [::1]:11211",
    })
    void readsAndWritesBack(String text, String host, int port, String written) {
        HostPort hp = HostPort.parse(text);
        assertThat(hp.host()).isEqualTo(host);
        assertThat(hp.port()).isEqualTo(port);
        assertThat(hp.toString()).isEqualTo(written);
        assertThat(HostPort.parse(hp.toString())).isEqualTo(hp);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "localhost", ":11211", "localhost:", "localhost:port", "localhost:65536",
        "localhost:-1", "localhost:123456", "[::1]", "[::1]11211", "[::1:11211", "[]:11211", "bad host:1",
        "a]:1"})
    void refusesWhatIsNotHostPort(String text) {
        assertThatThrownBy(() -> HostPort.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(text.isEmpty() ? "''" : "");
    }

    @Test
    void refusesOverlongText() {
        String longHost = "h".repeat(HostPort.MAX_LENGTH);
        assertThatThrownBy(() -> HostPort.parse(longHost + ":1")).hasMessageContaining("longer than 263");
        assertThat(HostPort.parse("h".repeat(253) + ":11211").port()).isEqualTo(11211);
    }

    @Test
    void formatsIpv6InBrackets() {
        assertThat(HostPort.format("::1", 7946)).isEqualTo("[::1]:7946");
        assertThat(HostPort.format("10.0.0.1", 7946)).isEqualTo("10.0.0.1:7946");
    }
}
