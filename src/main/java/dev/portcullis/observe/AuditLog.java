package dev.portcullis.observe;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes audit records on its own thread, so no event loop ever waits on a disk. Lossless: a record
 * is never dropped. When the sink falls behind, {@link #isBackedUp()} turns true and the server stops
 * reading new requests until the queue drains (the gateway slows down instead of losing records).
 * {@link #close()} writes everything queued before it returns.
 */
public final class AuditLog implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(AuditLog.class.getName());
    private static final ExchangeRecord REOPEN = new ExchangeRecord(null, null, null, null, null, null, null, null, null,
            null, null, null, null, null, List.of(), 0, null, 0, 0, 0, null, null, null, null, List.of(), 1, false, List.of());

    private final LinkedBlockingQueue<ExchangeRecord> queue = new LinkedBlockingQueue<>();
    private final int highWater;
    private final AuditSink sink;
    private final Thread writer;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Runnable onDrained = () -> {};

    public AuditLog(AuditSink sink, int highWater) {
        this.sink = sink;
        this.highWater = highWater;
        this.writer = new Thread(this::run, "portcullis-audit");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    public void append(ExchangeRecord record) { queue.add(record); }

    /** True while more records wait than the high-water mark: new requests should wait. */
    public boolean isBackedUp() { return queue.size() > highWater; }

    /** Called (on the writer thread) whenever the queue has just been emptied. */
    public void onDrained(Runnable callback) { this.onDrained = callback; }

    public int pending() { return queue.size(); }

    /** Asks the writer to reopen the file sink, in order with the records around it. */
    public void reopen() { queue.add(REOPEN); }

    private void run() {
        List<ExchangeRecord> batch = new ArrayList<>(256);
        while (true) {
            try {
                ExchangeRecord first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closed.get() && queue.isEmpty()) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, 4096);
                for (ExchangeRecord r : batch) {
                    if (r == REOPEN) {
                        sink.reopen();
                    } else {
                        writeWithRetry(r);
                    }
                }
                batch.clear();
                sink.flush();
                if (queue.isEmpty()) {
                    onDrained.run();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException e) {
                LOG.log(Level.SEVERE, "audit sink " + sink.describe() + " failed to flush: " + e.getMessage());
            }
        }
    }

    /** A failing sink (disk full) is retried, never skipped: the record stays until it is written. */
    private void writeWithRetry(ExchangeRecord r) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                sink.write(r);
                return;
            } catch (IOException e) {
                if (attempt % 50 == 0) {
                    LOG.log(Level.SEVERE, "cannot write audit record " + r.requestId() + " to " + sink.describe()
                            + " (" + e.getMessage() + "); retrying, new calls wait until it works");
                }
                Thread.sleep(100);
            }
        }
    }

    /** Writes every queued record, then closes the sink. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            writer.join(30_000);
            sink.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.log(Level.SEVERE, "closing audit sink " + sink.describe() + ": " + e.getMessage());
        }
    }
}
