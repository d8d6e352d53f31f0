package dev.portcullis.policies.credentials;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** JWS signatures with the JDK's own crypto: HMAC-SHA256, RSASSA-PKCS1-v1_5 SHA-256, ECDSA P-256 (raw R||S). */
interface JwtSigner {
    byte[] sign(byte[] input);

    /** A signer for the algorithm; HS256 keys are the secret's UTF-8 bytes, RS256/ES256 keys PEM PKCS#8. */
    static JwtSigner of(JwtSignPolicy.Algorithm alg, String key) {
        return switch (alg) {
            case HS256 -> {
                byte[] secret = key.getBytes(StandardCharsets.UTF_8);
                if (secret.length < 32) {
                    throw new IllegalArgumentException("an HS256 key must be at least 32 bytes (256 bits)");
                }
                yield input -> {
                    try {
                        Mac mac = Mac.getInstance("HmacSHA256");
                        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
                        return mac.doFinal(input);
                    } catch (GeneralSecurityException e) {
                        throw new IllegalStateException(e);
                    }
                };
            }
            case RS256 -> signature(pem(key, "RSA"), "SHA256withRSA");
            case ES256 -> {
                PrivateKey k = pem(key, "EC");
                if (!(k instanceof ECPrivateKey ec) || ec.getParams().getOrder().bitLength() != 256) {
                    throw new IllegalArgumentException("an ES256 key must be an EC P-256 key");
                }
                yield signature(k, "SHA256withECDSAinP1363Format"); // JWS wants R||S, not DER
            }
        };
    }

    private static JwtSigner signature(PrivateKey key, String algorithm) {
        return input -> {
            try {
                Signature s = Signature.getInstance(algorithm);
                s.initSign(key);
                s.update(input);
                return s.sign();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    private static PrivateKey pem(String pem, String keyType) {
        String body = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        if (pem.contains("BEGIN RSA PRIVATE KEY") || pem.contains("BEGIN EC PRIVATE KEY")) {
            throw new IllegalArgumentException("the key is in a traditional PEM format; convert it to PKCS#8: "
                    + "openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem");
        }
        try {
            return KeyFactory.getInstance(keyType).generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalArgumentException("the key is not a PEM PKCS#8 " + keyType + " private key");
        }
    }
}
