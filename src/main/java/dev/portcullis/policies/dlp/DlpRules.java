package dev.portcullis.policies.dlp;

import dev.portcullis.dlp.CustomDetector;
import dev.portcullis.dlp.Detector;
import dev.portcullis.dlp.DlpScanner;
import dev.portcullis.dlp.Redaction;
import dev.portcullis.dlp.TextScanner;
import java.util.List;
import java.util.Set;

/**
 * What a data-protection check looks for, where, and what it does with a finding: the settings shared
 * by the dlp policy and response-inspection's dlp block. Immutable, read once at config load.
 */
public record DlpRules(
        Set<Detector> detectors,
        List<CustomDetector> custom,
        Set<Scope> scope,
        boolean jsonKeys,
        Action action,
        Redaction redaction,
        long maxScanBytes,
        boolean allowUnscannable) {

    public enum Scope { BODY, QUERY, HEADERS }

    public enum Action { BLOCK, REDACT, REPORT }

    public static final long DEFAULT_MAX_SCAN_BYTES = 1L << 20;

    public DlpRules {
        detectors = Set.copyOf(detectors);
        custom = List.copyOf(custom);
        scope = Set.copyOf(scope);
    }

    /** The scanner these rules describe (built once, at config load). */
    public DlpScanner scanner() {
        return new DlpScanner(new TextScanner(detectors, custom), jsonKeys);
    }

    /** The action as written in config and in the audit record. */
    public String actionName() { return action.name().toLowerCase(java.util.Locale.ROOT); }
}
