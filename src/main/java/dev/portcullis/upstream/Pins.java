package dev.portcullis.upstream;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.Set;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/** Certificate pinning (as in HPKP): the verified chain must hold a key whose SPKI hash is pinned. */
final class Pins {
    private Pins() {}

    /** null when the pins are satisfied (or there are none), else what is wrong, for the 502 message. */
    static String check(SSLSession session, Set<String> pins) {
        if (pins.isEmpty()) {
            return null;
        }
        Certificate[] chain;
        try {
            chain = session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return "no verified certificate to check against tls.pinSha256";
        }
        String leaf = null;
        for (Certificate c : chain) {
            String hash = spkiSha256(c);
            leaf = leaf == null ? hash : leaf;
            if (pins.contains(hash)) {
                return null;
            }
        }
        return "certificate pin mismatch: the server's key is sha256/" + leaf
                + ", which is not in the route's tls.pinSha256 (if the upstream rotated its key, add the new pin)";
    }

    static String spkiSha256(Certificate c) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(c.getPublicKey().getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
