package dev.portcullis.policies.limits;

/** Structure limits for JSON bodies; 0 means no limit of that kind. */
public record JsonLimits(int maxDepth, int maxKeysPerObject, int maxArrayItems, int maxStringLength, long maxTotalEntries) {}
