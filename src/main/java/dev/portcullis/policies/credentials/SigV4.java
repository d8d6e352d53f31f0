package dev.portcullis.policies.credentials;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4, the algorithm alone: canonical request, string to sign, signing key,
 * signature. Pure and deterministic (time is an argument), so it is checked against AWS's published
 * test-suite vectors.
 */
public final class SigV4 {
    public static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();

    private SigV4() {}

    /** The result: the Authorization header value, plus what went into it (for diagnostics and tests). */
    public record Signature(String authorization, String signedHeaders, String canonicalRequest, String signature) {}

    /**
     * Signs a request. headers: name to values, exactly the headers to sign (host and x-amz-date included);
     * rawPath and rawQuery as sent (percent-encoded); payloadHash: hex SHA-256 of the body or UNSIGNED-PAYLOAD.
     */
    public static Signature sign(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
            String payloadHash, String accessKeyId, String secretAccessKey, String region, String service, Instant time) {
        String amzDate = AMZ_DATE.format(time);
        String day = amzDate.substring(0, 8);
        TreeMap<String, String> canonical = new TreeMap<>();
        headers.forEach((name, values) -> {
            List<String> trimmed = new ArrayList<>();
            values.forEach(v -> trimmed.add(v.trim().replaceAll(" +", " ")));
            canonical.merge(name.toLowerCase(Locale.ROOT), String.join(",", trimmed), (a, b) -> a + "," + b);
        });
        StringBuilder ch = new StringBuilder();
        canonical.forEach((k, v) -> ch.append(k).append(':').append(v).append('\n'));
        String signedHeaders = String.join(";", canonical.keySet());
        String canonicalRequest = method + "\n" + canonicalUri(rawPath, !service.equals("s3")) + "\n" + canonicalQuery(rawQuery)
                + "\n" + ch + "\n" + signedHeaders + "\n" + payloadHash;
        String scope = day + "/" + region + "/" + service + "/aws4_request";
        String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        String signature = hex(hmac(signingKey(secretAccessKey, day, region, service), stringToSign));
        return new Signature("AWS4-HMAC-SHA256 Credential=" + accessKeyId + "/" + scope + ", SignedHeaders=" + signedHeaders
                + ", Signature=" + signature, signedHeaders, canonicalRequest, signature);
    }

    public static byte[] signingKey(String secret, String day, String region, String service) {
        byte[] k = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), day);
        k = hmac(k, region);
        k = hmac(k, service);
        return hmac(k, "aws4_request");
    }

    /** Each segment URI-encoded (RFC 3986 unreserved kept); every service but S3 encodes the encoded path again. */
    static String canonicalUri(String rawPath, boolean doubleEncode) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        StringBuilder out = new StringBuilder();
        for (String segment : rawPath.split("/", -1)) {
            if (out.length() > 0 || rawPath.startsWith("/")) {
                out.append('/');
            }
            String once = encode(decode(segment));
            out.append(doubleEncode ? encode(once) : once);
        }
        String s = out.toString();
        return s.startsWith("//") ? s.substring(1) : s;
    }

    /** Parameters decoded, re-encoded, and sorted by name then value. */
    static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> params = new ArrayList<>();
        for (String part : rawQuery.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String name = eq < 0 ? part : part.substring(0, eq);
            String value = eq < 0 ? "" : part.substring(eq + 1);
            params.add(new String[] {encode(decode(name)), encode(decode(value))});
        }
        params.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        List<String> joined = new ArrayList<>();
        params.forEach(p -> joined.add(p[0] + "=" + p[1]));
        return String.join("&", joined);
    }

    static String encode(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }

    static String decode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        return java.net.URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    public static String hexSha256(byte[] data) { return hex(sha256(data)); }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] b) { return HEX.formatHex(b); }
}
