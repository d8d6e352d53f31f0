package dev.portcullis.pipeline;

import dev.portcullis.config.Mode;
import dev.portcullis.policy.Policy;

/** A policy as one route runs it: its config name and its effective mode. */
public record NamedPolicy(String name, Policy policy, Mode mode) {}
