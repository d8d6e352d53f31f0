package dev.portcullis.observe;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Where audit lines go: standard output, or a file opened for appending (reopened for log rotation). */
public final class AuditSink {
    private final Path file;
    private OutputStream out;

    private AuditSink(Path file, OutputStream out) {
        this.file = file;
        this.out = out;
    }

    public static AuditSink stdout() {
        return new AuditSink(null, new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 64 * 1024));
    }

    public static AuditSink file(Path path) throws IOException {
        return new AuditSink(path, open(path));
    }

    /** Writes to a stream the caller owns (tests). */
    public static AuditSink to(OutputStream stream) { return new AuditSink(null, stream); }

    private static OutputStream open(Path path) throws IOException {
        if (path.getParent() != null) {
            Files.createDirectories(path.getParent());
        }
        return new BufferedOutputStream(Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE), 64 * 1024);
    }

    OutputStream stream() { return out; }

    /** Closes and reopens the file (after logrotate moved it); a no-op for stdout. */
    void reopen() throws IOException {
        if (file == null) {
            return;
        }
        out.flush();
        out.close();
        out = open(file);
    }

    void flush() throws IOException { out.flush(); }

    void close() throws IOException {
        out.flush();
        if (file != null) {
            out.close();
        }
    }

    public String describe() { return file == null ? "stdout" : file.toString(); }
}
