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

    public static SslContext forCaFile(Path caFile) throws Exception {
        X509Certificate[] cas = TrustFiles.readCertificates(caFile).toArray(new X509Certificate[0]);
        return SslContextBuilder.forClient().sslProvider(SslProvider.JDK).protocols("TLSv1.3", "TLSv1.2")
                .trustManager(cas).endpointIdentificationAlgorithm("HTTPS").build();
    }
}
