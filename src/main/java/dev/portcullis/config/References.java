package dev.portcullis.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Names defined in the file and the places that use them, checked once everything is read. */
final class References {
    private final Set<String> clients = new HashSet<>();
    private final Set<String> policies = new HashSet<>();
    private final List<YNode> clientUses = new ArrayList<>();
    private final List<YNode> policyUses = new ArrayList<>();
    private final List<YNode> sharedUses = new ArrayList<>();

    /** A policy asks to be counted in the shared store (shared: true). */
    void shared(YNode use) { sharedUses.add(use); }

    /** Records a definition; false when the name is already taken. */
    boolean defineClient(String name) { return clients.add(name); }

    boolean definePolicy(String name) { return policies.add(name); }

    String client(YNode use) {
        String t = use.text();
        if (t != null) {
            clientUses.add(use);
        }
        return t;
    }

    String policy(YNode use) {
        String t = use.text();
        if (t != null) {
            policyUses.add(use);
        }
        return t;
    }

    void check(Problems problems, boolean storeConfigured) {
        if (!storeConfigured) {
            for (YNode use : sharedUses) {
                problems.add(use, "shared: true counts in the shared store, but no 'store' is configured; add store: { redis: redis://host:6379 }"
                        + " or remove 'shared'");
            }
        }
        for (YNode use : clientUses) {
            String name = use.text();
            if (!clients.contains(name) && !name.equals("anonymous")) {
                problems.add(use, "client '" + name + "' is not defined under 'clients'"
                        + Suggest.closest(name, clients).replace("allowed keys", "defined clients"));
            }
        }
        for (YNode use : policyUses) {
            String name = use.text();
            if (!policies.contains(name)) {
                problems.add(use, "policy '" + name + "' is not defined under 'policies'"
                        + Suggest.closest(name, policies).replace("allowed keys", "defined policies"));
            }
        }
    }
}
