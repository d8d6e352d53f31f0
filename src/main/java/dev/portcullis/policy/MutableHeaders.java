package dev.portcullis.policy;

import java.util.List;

/** The headers of a request or response as a policy sees them; names are case-insensitive. */
public interface MutableHeaders {
    String get(String name);

    List<String> getAll(String name);

    boolean contains(String name);

    void set(String name, String value);

    void remove(String name);

    /** The distinct header names present. */
    java.util.Set<String> names();
}
