package dev.portcullis.config;

import java.time.Duration;

/** Parses the config's durations (250ms, 5s, 2m, 1h) and sizes (512KiB, 10MiB, 1GiB or plain bytes). */
public final class Units {
    private Units() {}

    /** The duration, or null when the text is not one. */
    public static Duration parseDuration(String text) {
        String t = text.trim();
        int i = 0;
        while (i < t.length() && Character.isDigit(t.charAt(i))) {
            i++;
        }
        if (i == 0 || i > 12) {
            return null;
        }
        long n = Long.parseLong(t.substring(0, i));
        return switch (t.substring(i)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> null;
        };
    }

    /** The size in bytes, or -1 when the text is not one. */
    public static long parseSize(String text) {
        String t = text.trim();
        int i = 0;
        while (i < t.length() && Character.isDigit(t.charAt(i))) {
            i++;
        }
        if (i == 0 || i > 12) {
            return -1;
        }
        long n = Long.parseLong(t.substring(0, i));
        return switch (t.substring(i)) {
            case "", "B" -> n;
            case "KiB" -> n << 10;
            case "MiB" -> n << 20;
            case "GiB" -> n << 30;
            default -> -1;
        };
    }

    /** Human form of a byte count for messages: 10MiB, 512KiB, 100B. */
    public static String formatSize(long bytes) {
        if (bytes >= 1 << 30 && bytes % (1 << 30) == 0) {
            return (bytes >> 30) + "GiB";
        }
        if (bytes >= 1 << 20 && bytes % (1 << 20) == 0) {
            return (bytes >> 20) + "MiB";
        }
        if (bytes >= 1 << 10 && bytes % (1 << 10) == 0) {
            return (bytes >> 10) + "KiB";
        }
        return bytes + "B";
    }
}
