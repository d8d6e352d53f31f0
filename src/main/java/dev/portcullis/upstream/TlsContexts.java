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

    public static SslContext forCaFile(Path caFile) throws Exception {
        X509Certificate[] cas = TrustFiles.readCertificates(caFile).toArray(new X509Certificate[0]);
        return SslContextBuilder.forClient().sslProvider(SslProvider.JDK).protocols("TLSv1.3", "TLSv1.2")
                .trustManager(cas).endpointIdentificationAlgorithm("HTTPS").build();
    }
}
