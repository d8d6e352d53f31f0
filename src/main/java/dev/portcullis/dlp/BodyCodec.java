package dev.portcullis.dlp;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.brotli.dec.BrotliInputStream;

/**
 * Content-Encoding for scanning: a compressed body is decoded first (else compression would be a
 * trivial way past the scanner), never beyond maxBytes of output (a zip bomb is refused, not expanded).
 * gzip and deflate can be encoded again after redaction; Brotli is sent decoded (no encoder here).
 */
public final class BodyCodec {
    private BodyCodec() {}

    /** Is there an encoding to undo? (absent and "identity" are none) */
    public static boolean encoded(String contentEncoding) {
        return contentEncoding != null && !contentEncoding.isBlank() && !contentEncoding.trim().equalsIgnoreCase("identity");
    }

    /** Undoes every listed encoding (the last applied first). */
    public static byte[] decode(byte[] body, String contentEncoding, long maxBytes) throws Unscannable {
        String[] codings = contentEncoding.split(",");
        byte[] out = body;
        for (int i = codings.length - 1; i >= 0; i--) {
            out = decodeOne(out, codings[i].trim().toLowerCase(Locale.ROOT), maxBytes);
        }
        return out;
    }

    private static byte[] decodeOne(byte[] body, String coding, long maxBytes) throws Unscannable {
        try {
            return switch (coding) {
                case "identity", "" -> body;
                case "gzip", "x-gzip" -> read(new GZIPInputStream(new ByteArrayInputStream(body)), maxBytes, coding);
                case "deflate" -> inflate(body, maxBytes);
                case "br" -> read(new BrotliInputStream(new ByteArrayInputStream(body)), maxBytes, coding);
                default -> throw new Unscannable("the body is encoded with '" + coding + "', which the scanner cannot decode", false);
            };
        } catch (IOException | RuntimeException e) {
            throw new Unscannable("the " + coding + "-encoded body could not be decoded (" + e.getMessage() + ")", false);
        }
    }

    /** HTTP deflate is zlib-wrapped, but some servers send raw deflate: try both. */
    private static byte[] inflate(byte[] body, long maxBytes) throws IOException, Unscannable {
        try {
            return read(new InflaterInputStream(new ByteArrayInputStream(body), new Inflater(false)), maxBytes, "deflate");
        } catch (java.util.zip.ZipException e) {
            return read(new InflaterInputStream(new ByteArrayInputStream(body), new Inflater(true)), maxBytes, "deflate");
        }
    }

    private static byte[] read(InputStream in, long maxBytes, String coding) throws IOException, Unscannable {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[16384];
            int n;
            while ((n = in.read(buf)) > 0) {
                if (out.size() + (long) n > maxBytes) {
                    throw new Unscannable("the " + coding + "-encoded body decodes to more than maxScanBytes (" + maxBytes
                            + " bytes)", true);
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        }
    }

    /** Can this encoding be applied again after redaction? (else the body goes out decoded) */
    public static boolean reencodable(String contentEncoding) {
        String c = contentEncoding.trim().toLowerCase(Locale.ROOT);
        return c.equals("gzip") || c.equals("x-gzip") || c.equals("deflate");
    }

    public static byte[] encode(byte[] body, String contentEncoding) {
        String c = contentEncoding.trim().toLowerCase(Locale.ROOT);
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 2 + 64);
        try (var z = c.equals("deflate") ? new DeflaterOutputStream(out) : new GZIPOutputStream(out)) {
            z.write(body);
        } catch (IOException e) {
            throw new IllegalStateException("compressing in memory failed", e);
        }
        return out.toByteArray();
    }
}
