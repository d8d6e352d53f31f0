package dev.portcullis.cli;

import java.util.logging.Logger;

/** POSIX signal handlers (SIGHUP reload, SIGTERM/SIGINT drain), run off the signal thread. */
final class Signals {
    private Signals() {}

    @SuppressWarnings("restriction")
    static void on(String name, Runnable action) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal(name), s -> Thread.ofVirtual().name("signal-" + name).start(action));
        } catch (IllegalArgumentException e) {
            Logger.getLogger(Signals.class.getName()).warning("cannot handle SIG" + name + " on this platform: " + e.getMessage());
        }
    }
}
