package dev.portcullis.admin;

import dev.portcullis.config.ConfigProblem;
import dev.portcullis.config.GatewayConfig;
import dev.portcullis.observe.EventRing;
import java.util.List;

/** What the admin API shows and does, implemented by the running gateway. */
public interface AdminBackend {
    boolean ready();

    GatewayConfig config();

    EventRing events();

    String metrics();

    /** What policies count (quota usage), one map an entry. */
    List<java.util.Map<String, Object>> usage();

    /** Reloads the config file; the problems of an invalid one (and the old config keeps serving). */
    List<ConfigProblem> reload();
}
