package dev.portcullis.cli;

/** Diagnostics go to standard error as one line each; standard output is reserved for audit records. */
final class Logging {
    private Logging() {}

    static void configure() {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tLZ %4$s %3$s: %5$s%6$s%n");
        }
        java.util.logging.LogManager.getLogManager().reset();
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        java.util.logging.ConsoleHandler h = new java.util.logging.ConsoleHandler(); // writes to System.err
        h.setLevel(java.util.logging.Level.ALL);
        root.addHandler(h);
        root.setLevel(java.util.logging.Level.INFO);
        java.util.logging.Logger.getLogger("io.netty").setLevel(java.util.logging.Level.WARNING);
        // Lettuce brings slf4j-api without a binding: Netty (and Lettuce, through Netty) would pick it and
        // send their warnings to a no-op logger. Everything logs through java.util.logging instead.
        io.netty.util.internal.logging.InternalLoggerFactory.setDefaultFactory(
                io.netty.util.internal.logging.JdkLoggerFactory.INSTANCE);
    }
}
