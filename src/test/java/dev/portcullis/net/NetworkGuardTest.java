package dev.portcullis.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NetworkGuardTest {
    static InetAddress ip(String s) throws Exception { return InetAddress.getByAddress(IpLiterals.parseStrict(s)); }

    @ParameterizedTest(name = "{0} blocked: {1}")
    @CsvSource({
        "127.0.0.1, true", "10.1.2.3, true", "172.16.0.1, true", "172.32.0.1, false", "192.168.1.1, true",
        "169.254.169.254, true", "100.64.0.1, true", "198.18.0.1, true", "224.0.0.1, true", "240.0.0.1, true",
        "255.255.255.255, true", "0.0.0.0, true", "192.0.2.1, true", "8.8.8.8, false", "1.1.1.1, false",
        "::1, true", "::, true", "fd00:ec2::254, true", "fc00::1, true", "fe80::1, true", "fec0::1, true", "ff02::1, true",
        "::ffff:127.0.0.1, true", "::ffff:8.8.8.8, false", "::127.0.0.1, true", "64:ff9b::a00:1, true",
        "2002:7f00:1::, true", "2002:808:808::, false", "2606:4700::1111, false", "2001:db8::1, true",
    })
    void classifiesAddresses(String address, boolean blocked) throws Exception {
        NetworkGuard g = new NetworkGuard(true, List.of(), List.of(), List.of());
        assertThat(g.check(ip(address), 443, List.of()).allowed()).isEqualTo(!blocked);
    }

    @Test
    void denyBeatsAllowAndRouteAllowIsScoped() throws Exception {
        NetworkGuard g = new NetworkGuard(true, List.of(NetworkRule.anyPort(Cidr.parse("10.0.0.0/8"))), List.of(NetworkRule.anyPort(Cidr.parse("10.9.0.0/16"))), List.of());
        assertThat(g.check(ip("10.1.0.1"), 80, List.of()).allowed()).isTrue();
        assertThat(g.check(ip("10.9.0.1"), 80, List.of()).allowed()).isFalse();
        assertThat(g.check(ip("10.9.0.1"), 80, List.of(NetworkRule.anyPort(Cidr.parse("10.9.0.0/16")))).allowed()).isFalse();
        assertThat(g.check(ip("192.168.0.5"), 80, List.of()).allowed()).isFalse();
        assertThat(g.check(ip("192.168.0.5"), 80, List.of(NetworkRule.anyPort(Cidr.parse("192.168.0.0/24")))).allowed()).isTrue();
        NetworkGuard off = new NetworkGuard(false, List.of(), List.of(NetworkRule.anyPort(Cidr.parse("8.8.8.0/24"))), List.of());
        assertThat(off.check(ip("127.0.0.1"), 80, List.of()).allowed()).isTrue();
        assertThat(off.check(ip("8.8.8.8"), 80, List.of()).allowed()).isFalse();
    }

    @Test
    void anExemptionCanBeLimitedToPorts() throws Exception {
        NetworkRule partner = new NetworkRule(Cidr.parse("10.20.0.0/16"), java.util.Set.of(443));
        NetworkGuard g = new NetworkGuard(true, List.of(), List.of(), List.of());
        assertThat(g.check(ip("10.20.1.1"), 443, List.of(partner)).allowed()).isTrue();
        assertThat(g.check(ip("10.20.1.1"), 22, List.of(partner)).allowed()).isFalse();
        NetworkGuard denySsh = new NetworkGuard(false, List.of(), List.of(new NetworkRule(Cidr.parse("0.0.0.0/0"), java.util.Set.of(22))), List.of());
        assertThat(denySsh.check(ip("8.8.8.8"), 22, List.of()).allowed()).isFalse();
        assertThat(denySsh.check(ip("8.8.8.8"), 443, List.of()).allowed()).isTrue();
    }

    @Test
    void theGatewaysOwnListenerIsNeverATarget() throws Exception {
        NetworkGuard g = new NetworkGuard(true, List.of(NetworkRule.anyPort(Cidr.parse("127.0.0.0/8"))), List.of(), List.of())
                .withOwnListeners(List.of(new InetSocketAddress(ip("0.0.0.0"), 8080)));
        assertThat(g.check(ip("127.0.0.1"), 8080, List.of()).allowed()).isFalse();
        assertThat(g.check(ip("127.0.0.1"), 8081, List.of()).allowed()).isTrue();
    }
}
