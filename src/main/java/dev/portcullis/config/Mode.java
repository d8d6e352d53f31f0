package dev.portcullis.config;

/** enforce: a denial refuses the call. report: the denial is recorded and the call passes. */
public enum Mode { ENFORCE, REPORT }
