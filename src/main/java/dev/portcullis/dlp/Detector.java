package dev.portcullis.dlp;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The built-in detectors, by their config name. What each one accepts is in {@link TextScanner}. */
public enum Detector {
    CREDIT_CARD, US_SSN, IBAN, EMAIL, PHONE, AWS_ACCESS_KEY, AWS_SECRET_KEY, PRIVATE_KEY, JWT, GITHUB_TOKEN,
    SLACK_TOKEN, STRIPE_SECRET_KEY, GENERIC_API_KEY;

    private final String configName = name().toLowerCase(Locale.ROOT).replace('_', '-');

    /** The name used in config, findings and audit records, e.g. "credit-card". */
    public String configName() { return configName; }

    /** The set a dlp policy uses when it lists no detectors: every built-in one. */
    public static Set<Detector> defaults() { return EnumSet.allOf(Detector.class); }

    /** The detector with this config name, or null. */
    public static Detector byName(String name) {
        for (Detector d : values()) {
            if (d.configName.equals(name)) {
                return d;
            }
        }
        return null;
    }

    /** All config names, for error messages. */
    public static String names() {
        return Arrays.stream(values()).map(Detector::configName).collect(Collectors.joining(", "));
    }
}
