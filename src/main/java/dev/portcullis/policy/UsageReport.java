package dev.portcullis.policy;

import java.util.List;
import java.util.Map;

/** A policy that counts something users want to see (quota usage): the admin API lists it. */
public interface UsageReport {
    /** One entry a counted key: plain values (strings, numbers), ready for JSON. */
    List<Map<String, Object>> usage();
}
