package dev.portcullis.policies.limits;

/** Structure limits for XML bodies (0: no limit of that kind). DTDs, and so external entities, are always refused. */
public record XmlLimits(int maxDepth, long maxElements, int maxAttributesPerElement, int maxTextLength) {}
