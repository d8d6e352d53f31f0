package dev.portcullis.testing;

import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A private CA and server certificates generated for each test run (nothing checked in). */
public final class TestCerts {
    public final KeyPair caKey;
    public final X509Certificate ca;

    private TestCerts(KeyPair caKey, X509Certificate ca) {
        this.caKey = caKey;
        this.ca = ca;
    }

    public static TestCerts newCa() throws Exception {
        KeyPair key = keyPair();
        X500Name name = new X500Name("CN=Portcullis Test CA");
        var b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(System.nanoTime()), Date.from(Instant.now().minus(1, ChronoUnit.HOURS)),
                Date.from(Instant.now().plus(1, ChronoUnit.DAYS)), name, key.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        return new TestCerts(key, sign(b, key));
    }

    /** A server certificate for the given DNS names (and 127.0.0.1), signed by this CA. */
    public Issued issue(String... dnsNames) throws Exception {
        KeyPair key = keyPair();
        var b = new JcaX509v3CertificateBuilder(new X500Name("CN=Portcullis Test CA"), BigInteger.valueOf(System.nanoTime()),
                Date.from(Instant.now().minus(1, ChronoUnit.HOURS)), Date.from(Instant.now().plus(1, ChronoUnit.DAYS)),
                new X500Name("CN=" + dnsNames[0]), key.getPublic());
        GeneralName[] names = new GeneralName[dnsNames.length + 1];
        for (int i = 0; i < dnsNames.length; i++) {
            names[i] = new GeneralName(GeneralName.dNSName, dnsNames[i]);
        }
        names[dnsNames.length] = new GeneralName(GeneralName.iPAddress, "127.0.0.1");
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
        return new Issued(key, sign(b, caKey), ca);
    }

    /** A client certificate with this subject (e.g. "CN=billing,O=Acme"), signed by this CA. */
    public Issued issueClient(String subjectDn) throws Exception {
        KeyPair key = keyPair();
        var b = new JcaX509v3CertificateBuilder(new X500Name("CN=Portcullis Test CA"), BigInteger.valueOf(System.nanoTime()),
                Date.from(Instant.now().minus(1, ChronoUnit.HOURS)), Date.from(Instant.now().plus(1, ChronoUnit.DAYS)),
                // encoded as RFC 2253 reads it (the last component first), as Java and OpenSSL do
                X500Name.getInstance(new javax.security.auth.x500.X500Principal(subjectDn).getEncoded()), key.getPublic());
        return new Issued(key, sign(b, caKey), ca);
    }

    public Path writeCaPem(Path dir) throws Exception {
        Path p = dir.resolve("ca.pem");
        Files.writeString(p, pem(ca));
        return p;
    }

    public SSLContext clientTrust() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, trustManagers(ca), null);
        return ctx;
    }

    static javax.net.ssl.TrustManager[] trustManagers(X509Certificate ca) throws Exception {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("ca", ca);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        return tmf.getTrustManagers();
    }

    public record Issued(KeyPair key, X509Certificate cert, X509Certificate ca) {
        /** Writes NAME.pem (certificate) and NAME.key (PKCS#8 private key); returns the certificate's path. */
        public Path writePem(Path dir, String name) throws Exception {
            Files.writeString(dir.resolve(name + ".pem"), pem(cert));
            Files.writeString(dir.resolve(name + ".key"), pem(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key.getPrivate(), null)));
            return dir.resolve(name + ".pem");
        }

        /** A client-side SSLContext that presents this certificate and trusts the CA. */
        public SSLContext clientContext() throws Exception {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keyManagers(), trustManagers(ca), null);
            return ctx;
        }

        public SSLContext serverContext() throws Exception {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keyManagers(), null, null);
            return ctx;
        }

        /** A server context that also verifies client certificates against this CA (for mTLS upstreams). */
        public SSLContext serverContextTrustingClients() throws Exception {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keyManagers(), trustManagers(ca), null);
            return ctx;
        }

        /** base64 SHA-256 of this certificate's SubjectPublicKeyInfo (an HPKP-style pin). */
        public String pin() throws Exception {
            return java.util.Base64.getEncoder().encodeToString(
                    java.security.MessageDigest.getInstance("SHA-256").digest(cert.getPublicKey().getEncoded()));
        }

        private javax.net.ssl.KeyManager[] keyManagers() throws Exception {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("key", key.getPrivate(), "x".toCharArray(), new X509Certificate[] {cert, ca});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, "x".toCharArray());
            return kmf.getKeyManagers();
        }
    }

    static String pem(Object o) throws Exception {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(o);
        }
        return w.toString();
    }

    private static KeyPair keyPair() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        return g.generateKeyPair();
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder b, KeyPair signer) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
    }

    static InetAddress loopback() throws Exception { return InetAddress.getByName("127.0.0.1"); }
}
