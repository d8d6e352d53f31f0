package dev.portcullis.config;

import dev.portcullis.policy.Policy;
import dev.portcullis.policy.PolicyContext;

/** The validated settings of one policy type; builds the runtime policy once, at config load. */
public interface PolicySpec {
    Policy create(String name, PolicyContext context);
}
