package dev.portcullis.policies.dlp;

import dev.portcullis.dlp.BodyCodec;
import dev.portcullis.dlp.DlpScanner;
import dev.portcullis.dlp.Findings;
import dev.portcullis.dlp.Redaction;
import dev.portcullis.dlp.Unscannable;
import dev.portcullis.policy.BodyEdit;
import dev.portcullis.policy.ErrorCode;
import dev.portcullis.policy.MessageView;
import dev.portcullis.policy.MutableHeaders;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Applies one set of {@link DlpRules} to a request or a response: scans what the scope names, records
 * every finding (for the audit record, never the value), redacts what must be redacted, and says
 * whether the call must be refused. Stateless; one per policy.
 */
public final class DlpInspection {
    /** Headers that frame the message: never scanned, never rewritten. */
    private static final Set<String> FRAMING = Set.of("host", "content-length", "transfer-encoding", "content-encoding",
            "content-type", "connection");

    private final DlpRules rules;
    private final DlpScanner scanner;

    public DlpInspection(DlpRules rules) {
        this.rules = rules;
        this.scanner = rules.scanner();
    }

    public DlpRules rules() { return rules; }

    /** Why a message must be refused (null: it may go on, possibly redacted). */
    public record Refusal(ErrorCode error, String message) {}

    /** Scans the query (requests only). Returns the query to send: redacted under action redact, else as it was. */
    public String query(String raw, Findings found, java.util.function.Consumer<String> auditQuery) {
        if (!rules.scope().contains(DlpRules.Scope.QUERY)) {
            return raw;
        }
        String redacted = scanner.query(raw, rules.redaction(), found); // always: the audit url never shows the value
        if (redacted == null) {
            return raw;
        }
        auditQuery.accept(redacted);
        return rules.action() == DlpRules.Action.REDACT ? redacted : raw;
    }

    /** Scans headers and body of m; records findings. Returns a refusal, or null to let it go on. */
    public Refusal inspect(MessageView m, Findings found, String side) {
        if (rules.scope().contains(DlpRules.Scope.HEADERS)) {
            headers(m, found);
        }
        Refusal refusal = rules.scope().contains(DlpRules.Scope.BODY) ? body(m, found, side) : null;
        record(m, found);
        if (refusal != null) {
            return refusal;
        }
        if (!found.isEmpty() && rules.action() == DlpRules.Action.BLOCK) {
            return new Refusal(ErrorCode.DLP_VIOLATION, "sensitive data in the " + side + ": " + found.summary());
        }
        return null;
    }

    private void headers(MessageView m, Findings found) {
        MutableHeaders h = m.headers();
        for (String name : List.copyOf(h.names())) {
            if (FRAMING.contains(name.toLowerCase(Locale.ROOT))) {
                continue;
            }
            List<String> values = h.getAll(name);
            boolean changed = false;
            StringBuilder shown = new StringBuilder();
            for (String v : values) {
                String redacted = scanner.header(name, v, rules.redaction(), found);
                changed |= redacted != null;
                shown.append(shown.isEmpty() ? "" : ", ").append(redacted == null ? v : redacted);
            }
            if (changed) {
                m.auditHeader(name, shown.toString());
                if (rules.action() == DlpRules.Action.REDACT) {
                    h.set(name, shown.toString());
                }
            }
        }
    }

    private Refusal body(MessageView m, Findings found, String side) {
        List<ByteBuffer> held = m.bodyBuffers(); // where it lies: an array is made only if it has to be
        if (held == null) {
            return m.bodyUnseen() ? unscannable(m, new Unscannable("the " + side + " body is larger than this route's"
                    + " policies may hold for inspection", true), side) : null;
        }
        int length = DlpScanner.lengthOf(held);
        if (length == 0) {
            return null;
        }
        String encoding = m.headers().get("Content-Encoding");
        boolean encoded = BodyCodec.encoded(encoding);
        Redaction redaction = rules.action() == DlpRules.Action.REDACT ? rules.redaction() : null;
        String contentType = m.headers().get("Content-Type");
        byte[] plain = null; // the decoded body, when it was encoded
        List<BodyEdit> edits;
        try {
            if (encoded) {
                plain = BodyCodec.decode(m.body(), encoding, rules.maxScanBytes());
                edits = scanner.edits(plain, contentType, redaction, found);
            } else if (length > rules.maxScanBytes()) {
                throw new Unscannable("the " + side + " body of " + length + " bytes is over maxScanBytes ("
                        + rules.maxScanBytes() + " bytes)", true);
            } else {
                edits = scanner.edits(held, m::body, contentType, redaction, found);
            }
        } catch (Unscannable u) {
            return unscannable(m, u, side);
        }
        if (edits == null) {
            return null;
        }
        if (!encoded) {
            m.editBody(edits); // in place: the gateway sends the rest of the body as it came
            return null;
        }
        byte[] redacted = BodyEdit.apply(plain, edits);
        if (BodyCodec.reencodable(encoding)) {
            m.replaceBody(BodyCodec.encode(redacted, encoding));
        } else {
            m.headers().remove("Content-Encoding"); // no encoder for it here: sent decoded, headers fixed
            m.replaceBody(redacted);
        }
        return null;
    }

    private Refusal unscannable(MessageView m, Unscannable u, String side) {
        if (rules.allowUnscannable()) {
            m.recordFinding("unscannable", "body", 1, "allow");
            return null;
        }
        return new Refusal(u.tooLarge() ? ErrorCode.PAYLOAD_TOO_LARGE : ErrorCode.DLP_VIOLATION, u.getMessage()
                + "; the " + side + " cannot be checked for sensitive data, so it was refused (onUnscannable: block)");
    }

    private void record(MessageView m, Findings found) {
        for (Findings.Hit h : found.hits()) {
            m.recordFinding(h.detector(), h.location(), h.count(), rules.actionName());
        }
    }
}
