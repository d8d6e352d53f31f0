package dev.portcullis.policies.dlp;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.portcullis.config.YNode;
import dev.portcullis.config.YObject;
import dev.portcullis.dlp.CustomDetector;
import dev.portcullis.dlp.Detector;
import dev.portcullis.dlp.Redaction;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the dlp keys: detectors (built-in names, or {name, pattern, keywords, validator} for custom ones),
 * scope, jsonKeys, action, replacement, keepLast, maxScanBytes and onUnscannable. Every problem is
 * reported with its line and column; a custom pattern must compile as RE2 (linear time).
 */
public final class DlpRulesReader {
    public static final Set<String> KEYS = Set.of("detectors", "scope", "jsonKeys", "action", "replacement", "keepLast",
            "maxScanBytes", "onUnscannable");
    private static final Set<String> CUSTOM_KEYS = Set.of("name", "pattern", "keywords", "validator");

    private enum OnUnscannable { BLOCK, ALLOW }

    private DlpRulesReader() {}

    public static DlpRules read(YObject o, DlpRules.Action defaultAction) {
        Set<Detector> builtins = EnumSet.noneOf(Detector.class);
        List<CustomDetector> custom = new ArrayList<>();
        if (o.get("detectors") == null) {
            builtins.addAll(Detector.defaults());
        } else {
            List<YNode> items = o.get("detectors").list();
            for (YNode item : items == null ? List.<YNode>of() : items) {
                detector(item, builtins, custom);
            }
            if (items != null && items.isEmpty()) {
                o.get("detectors").problem("an empty detector list finds nothing; omit 'detectors' for all built-in ones: "
                        + Detector.names());
            }
        }
        Set<DlpRules.Scope> scope = EnumSet.noneOf(DlpRules.Scope.class);
        if (o.get("scope") == null) {
            scope.addAll(EnumSet.allOf(DlpRules.Scope.class));
        } else {
            for (YNode item : o.get("scope").list() == null ? List.<YNode>of() : o.get("scope").list()) {
                String t = item.text();
                try {
                    scope.add(DlpRules.Scope.valueOf(t.toUpperCase(java.util.Locale.ROOT)));
                } catch (IllegalArgumentException | NullPointerException e) {
                    item.problem("invalid scope '" + t + "'; expected any of body, query, headers");
                }
            }
        }
        int keepLast = 0;
        if (o.get("keepLast") != null) {
            Integer k = o.get("keepLast").integer(1, 64);
            keepLast = k == null ? 0 : k;
            if (o.has("replacement")) {
                o.get("keepLast").problem("use either 'replacement' or 'keepLast', not both");
            }
        }
        long maxScan = o.size("maxScanBytes", DlpRules.DEFAULT_MAX_SCAN_BYTES);
        if (maxScan <= 0 && o.get("maxScanBytes") != null) {
            o.get("maxScanBytes").problem("maxScanBytes must be greater than zero");
        }
        String replacement = o.string("replacement", Redaction.DEFAULT_REPLACEMENT);
        int nonAscii = firstNonPrintableAscii(replacement);
        if (nonAscii >= 0) {
            // it is written into header values, URLs and bodies of any charset, where only ASCII reads the same
            o.get("replacement").problem("replacement must be printable ASCII; character %d is U+%04X: use plain ASCII text"
                    .formatted(nonAscii + 1, (int) replacement.charAt(nonAscii)));
        }
        Redaction redaction = new Redaction(replacement, keepLast);
        return new DlpRules(builtins, custom, scope, o.bool("jsonKeys", false),
                o.enumValue("action", DlpRules.Action.class, defaultAction), redaction, maxScan,
                o.enumValue("onUnscannable", OnUnscannable.class, OnUnscannable.BLOCK) == OnUnscannable.ALLOW);
    }

    /** The index of the first character outside ' '..'~', or -1. */
    private static int firstNonPrintableAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < 0x20 || s.charAt(i) > 0x7E) {
                return i;
            }
        }
        return -1;
    }

    private static void detector(YNode item, Set<Detector> builtins, List<CustomDetector> custom) {
        if (item.isScalar()) {
            String name = item.text();
            Detector d = Detector.byName(name);
            if (d == null) {
                item.problem("unknown detector '" + name + "'; built-in ones are " + Detector.names()
                        + " (or write {name, pattern} for your own)");
            } else {
                builtins.add(d);
            }
            return;
        }
        YObject c = item.object(CUSTOM_KEYS);
        if (c == null) {
            return;
        }
        String name = c.required("name");
        String pattern = c.required("pattern");
        if (name != null && Detector.byName(name) != null) {
            c.get("name").problem("'" + name + "' is a built-in detector; give your own detector another name");
        }
        Pattern compiled = null;
        if (pattern != null) {
            try {
                compiled = Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                c.get("pattern").problem("invalid pattern (RE2 syntax: no backreferences or lookaround): " + e.getMessage());
            }
        }
        CustomDetector.Checksum checksum = c.enumValue("validator", Validator.class, Validator.NONE).checksum;
        if (name != null && compiled != null) {
            if (custom.stream().anyMatch(d -> d.name().equals(name))) {
                c.get("name").problem("duplicate detector name '" + name + "'");
            }
            custom.add(new CustomDetector(name, compiled, c.strings("keywords"), checksum));
        }
    }

    private enum Validator {
        NONE(CustomDetector.Checksum.NONE), LUHN(CustomDetector.Checksum.LUHN), MOD97(CustomDetector.Checksum.MOD97);

        final CustomDetector.Checksum checksum;

        Validator(CustomDetector.Checksum checksum) { this.checksum = checksum; }
    }
}
