package dev.portcullis.upstream;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLException;

/** Client TLS contexts for upstreams: the JDK trust store, or a route's private CA file. */
public final class TlsContexts {
    private TlsContexts() {}

    public static SslContext systemTrust() throws SSLException {
        return SslContextBuilder.forClient().sslProvider(SslProvider.JDK).protocols("TLSv1.3", "TLSv1.2")
                .endpointIdentificationAlgorithm("HTTPS").build();
    }

    /** The egress listener's own certificate, and the CA its callers' certificates must chain to (if any). */
    public static SslContext forListener(dev.portcullis.config.GatewayConfig.ListenTls tls) throws Exception {
        var b = SslContextBuilder.forServer(tls.certFile().toFile(), tls.keyFile().toFile()).sslProvider(SslProvider.JDK)
                .protocols("TLSv1.3", "TLSv1.2");
        if (tls.clientCaFile() != null) {
            b.trustManager(tls.clientCaFile().toFile()).clientAuth(
                    tls.clientAuth() == dev.portcullis.config.GatewayConfig.ClientAuth.REQUIRE
                            ? io.netty.handler.ssl.ClientAuth.REQUIRE : io.netty.handler.ssl.ClientAuth.OPTIONAL);
        }
        return b.build();
    }

    /** A route's upstream TLS: its CA (else the JDK's), its client certificate (if any), its lowest version. */
    public static SslContext forRoute(dev.portcullis.config.GatewayConfig.Tls tls) throws Exception {
        var b = SslContextBuilder.forClient().sslProvider(SslProvider.JDK).endpointIdentificationAlgorithm("HTTPS")
                .protocols(tls.minVersion().equals("TLSv1.3") ? new String[] {"TLSv1.3"} : new String[] {"TLSv1.3", "TLSv1.2"});
        if (tls.caFile() != null) {
            b.trustManager(TrustFiles.readCertificates(tls.caFile()).toArray(new X509Certificate[0]));
        }
        if (tls.clientCert() != null) {
            b.keyManager(tls.clientCert().toFile(), tls.clientKey().toFile());
        }
        return b.build();
    }
}
