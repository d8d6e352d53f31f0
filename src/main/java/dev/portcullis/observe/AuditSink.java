package dev.portcullis.observe;

import java.io.BufferedOutputStream;
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
    private JsonGenerator json;

    private AuditSink(Path file, OutputStream out) {
        this.file = file;
        this.out = out;
        this.json = lineWriter(out);
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

    /** One record as one line. After a failed write the generator is rebuilt, so a retry starts a clean line. */
    void write(ExchangeRecord r) throws IOException {
        try {
            AuditJson.write(json, r);
            json.writeRaw('\n');
        } catch (IOException | RuntimeException e) {
            json = lineWriter(out);
            throw e instanceof IOException io ? io : new IOException(e);
        }
    }

    /** Closes and reopens the file (after logrotate moved it); a no-op for stdout. */
    void reopen() throws IOException {
        if (file == null) {
            return;
        }
        json.flush();
        out.close();
        out = open(file);
        json = lineWriter(out);
    }

    /** Pushes buffered lines to the stream and the stream to the OS. */
    void flush() throws IOException { json.flush(); }

    void close() throws IOException {
        json.flush();
        if (file != null) {
            out.close();
        }
    }

    public String describe() { return file == null ? "stdout" : file.toString(); }
}
