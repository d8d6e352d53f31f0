package dev.portcullis.config;

import java.util.Objects;

/**
 * A value that may hold a secret (it was built from ${env:..} or ${file:..}, or sits in a field that
 * carries credentials). It never prints itself: toString() is "***", so a log line or an exception
 * message cannot leak it by accident. Only {@link #reveal()} gives the value, at the point of use.
 */
public final class Secret {
    public static final String MASK = "***";
    private final String value;
    private final boolean referenced;

    public Secret(String value, boolean referenced) {
        this.value = Objects.requireNonNull(value);
        this.referenced = referenced;
    }

    public static Secret literal(String value) { return new Secret(value, false); }

    public String reveal() { return value; }

    /** True when the value came (at least partly) from a secret reference. */
    public boolean referenced() { return referenced; }

    @Override public String toString() { return MASK; }

    @Override public boolean equals(Object o) { return o instanceof Secret s && s.value.equals(value); }

    @Override public int hashCode() { return value.hashCode(); }
}
