package dev.portcullis.explain;

import java.util.List;

/**
 * What the gateway would do with one hypothetical call. Secret values never appear in it.
 *
 * @param decision "allow" or "deny"
 * @param network the SSRF guard's verdict: "allowed ...", "denied ...", or "not checked ..."
 * @param headerChanges request headers the policies would add, change or remove ("name: value", values of
 *     secrets as ***; removed ones as "name: (removed)")
 */
public record Explanation(
        String method,
        String target,
        String kind,
        String client,
        String route,
        String upstream,
        List<PolicyVerdict> policies,
        String network,
        List<String> headerChanges,
        List<String> reported,
        String decision,
        String error,
        String message) {

    /** One policy's verdict: "continue", "deny", or "report" (would deny, let pass in report mode). */
    public record PolicyVerdict(String name, String type, String mode, String verdict, String error, String message) {}

    public boolean allowed() { return decision.equals("allow"); }
}
