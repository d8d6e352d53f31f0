package dev.portcullis.policies;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.portcullis.testing.TestGateway;
import dev.portcullis.testing.TestUpstream;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Map;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** JWTs minted by the gateway, verified on the upstream side with Nimbus JOSE+JWT. */
class JwtSignIT {
    static final String HS_SECRET = "an-hs256-secret-of-at-least-32-bytes!";
    static KeyPair rsa;
    static KeyPair ec;
    static TestUpstream up;
    static TestGateway gw;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        KeyPairGenerator r = KeyPairGenerator.getInstance("RSA");
        r.initialize(2048);
        rsa = r.generateKeyPair();
        KeyPairGenerator e = KeyPairGenerator.getInstance("EC");
        e.initialize(256);
        ec = e.generateKeyPair();
        Path dir = Files.createTempDirectory("jwt");
        Files.writeString(dir.resolve("rsa.pem"), pkcs8(rsa));
        Files.writeString(dir.resolve("ec.pem"), pkcs8(ec));
        up = TestUpstream.http();
        gw = TestGateway.start("""
                network: { allowNetworks: [127.0.0.1/32] }
                routes:
                  - { name: hs, prefix: /hs, upstream: "http://127.0.0.1:%1$d", policies: [hs] }
                  - { name: rs, prefix: /rs, upstream: "http://127.0.0.1:%1$d", policies: [rs] }
                  - { name: es, prefix: /es, upstream: "http://127.0.0.1:%1$d", policies: [es] }
                policies:
                  - { name: hs, type: jwt-sign, algorithm: HS256, key: "${env:JWT_KEY}", issuer: portcullis, subject: billing,
                      audience: partner, ttl: 5m, claims: { tenant: eu } }
                  - { name: rs, type: jwt-sign, algorithm: RS256, key: "${file:%2$s/rsa.pem}", keyId: rsa-1, issuer: portcullis, ttl: 1m }
                  - { name: es, type: jwt-sign, algorithm: ES256, key: "${file:%2$s/ec.pem}", header: X-Signed-Assertion }
                """.formatted(up.port(), dir), Map.of(), Map.of("JWT_KEY", HS_SECRET));
    }

    @AfterAll
    static void stop() {
        gw.close();
        up.close();
    }

    static String pkcs8(KeyPair k) throws Exception {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(new JcaPKCS8Generator(k.getPrivate(), null));
        }
        return w.toString();
    }

    static SignedJWT call(String path, String header) throws Exception {
        var r = http.send(HttpRequest.newBuilder(URI.create(gw.base() + path)).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(r.statusCode()).isEqualTo(200);
        String value = up.last().header(header);
        return SignedJWT.parse(value.startsWith("Bearer ") ? value.substring(7) : value);
    }

    @Test
    void hs256CarriesTheConfiguredClaims() throws Exception {
        SignedJWT jwt = call("/hs/a", "authorization");
        assertThat(jwt.verify(new MACVerifier(HS_SECRET))).isTrue();
        JWTClaimsSet c = jwt.getJWTClaimsSet();
        assertThat(c.getIssuer()).isEqualTo("portcullis");
        assertThat(c.getSubject()).isEqualTo("billing");
        assertThat(c.getAudience()).containsExactly("partner");
        assertThat(c.getStringClaim("tenant")).isEqualTo("eu");
        assertThat((c.getExpirationTime().getTime() - c.getIssueTime().getTime()) / 1000).isEqualTo(300);
        assertThat(c.getExpirationTime()).isInTheFuture();
        SignedJWT again = call("/hs/b", "authorization");
        assertThat(again.serialize()).as("reused until near expiry").isEqualTo(jwt.serialize());
    }

    @Test
    void rs256AndEs256VerifyWithTheirPublicKeys() throws Exception {
        SignedJWT r = call("/rs/a", "authorization");
        assertThat(r.getHeader().getKeyID()).isEqualTo("rsa-1");
        JWSVerifier rv = new RSASSAVerifier((RSAPublicKey) rsa.getPublic());
        assertThat(r.verify(rv)).isTrue();
        SignedJWT e = call("/es/a", "x-signed-assertion");
        assertThat(e.verify(new ECDSAVerifier((ECPublicKey) ec.getPublic()))).isTrue();
        assertThat(Files.readString(gw.auditFile)).doesNotContain(HS_SECRET).doesNotContain("PRIVATE KEY");
    }
}
