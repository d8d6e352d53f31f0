package dev.portcullis.config;

import java.util.Set;

/** Reads the type-specific keys of one policy type (name, type and mode are read by the loader). */
public interface PolicyParser {
    /** The keys this type accepts besides name, type and mode. */
    Set<String> keys();

    /** The spec, or null when a problem was reported. */
    PolicySpec parse(YObject settings, SecretResolver secrets);
}
