package dev.portcullis.admin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The dashboard page, a static file shipped in the jar that reads the events API. */
final class Dashboard {
    private static final String HTML = load();

    private Dashboard() {}

    static String html() { return HTML; }

    private static String load() {
        try (InputStream in = Dashboard.class.getResourceAsStream("/dev/portcullis/dashboard.html")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            return "<!doctype html><title>Portcullis</title><p>dashboard missing from the jar</p>";
        }
    }
}
