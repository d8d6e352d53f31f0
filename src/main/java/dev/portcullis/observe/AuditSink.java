package dev.portcullis.observe;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import com.fasterxml.jackson.core.JsonGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Where audit lines go: standard output, or a file opened for appending (reopened for log rotation). */
public final class AuditSink {
    private final Path file;
    private OutputStream out;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(1024); // the record being written
    private JsonGenerator json; // over line

    private AuditSink(Path file, OutputStream out) {
        this.file = file;
        this.out = out;
        this.json = lineWriter(line);
    }

    private static JsonGenerator lineWriter(OutputStream out) {
        try {
            return AuditJson.lineWriter(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    /**
     * Encodes the record as the next line to write ({@link #writeLine}); returns a copy of it (without its
     * newline) when asked to keep one, else null. After a failed encoding the generator is rebuilt, so a
     * retry starts a clean line.
     */
    byte[] encode(ExchangeRecord r, boolean keep) throws IOException {
        line.reset();
        try {
            AuditJson.write(json, r);
            json.flush();
        } catch (IOException | RuntimeException e) {
            json = lineWriter(line);
            throw e instanceof IOException io ? io : new IOException(e);
        }
        return keep ? line.toByteArray() : null;
    }

    /** Writes the line last encoded and its newline (buffered until {@link #flush()}); again after a failure. */
    void writeLine() throws IOException {
        line.writeTo(out);
        out.write('\n');
    }

    /** Closes and reopens the file (after logrotate moved it); a no-op for stdout. */
    void reopen() throws IOException {
        if (file == null) {
            return;
        }
        out.flush();
        out.close();
        out = open(file);
    }

    /** Pushes buffered lines to the stream and the stream to the OS. */
    void flush() throws IOException { out.flush(); }

    void close() throws IOException {
        out.flush();
        if (file != null) {
            out.close();
        }
    }

    public String describe() { return file == null ? "stdout" : file.toString(); }
}
