package dev.portcullis.observe;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes audit records on its own thread, so no event loop ever waits on a disk. Lossless: a record
 * is never dropped. When the sink falls behind, {@link #isBackedUp()} turns true and the server stops
 * reading new requests until the queue drains (the gateway slows down instead of losing records).
 * {@link #close()} writes everything queued before it returns.
 *
 * <p>Appending never takes a lock and, while calls keep coming, never wakes the writer: after each
 * batch the writer lingers {@link #LINGER_NANOS} and collects what arrived meanwhile, and only once it
 * found nothing does it sleep and ask to be woken. Under load that is one write(2) per millisecond and
 * no futex call on an event loop; when idle, a record is written at once.
 */
public final class AuditLog implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(AuditLog.class.getName());
    private static final ExchangeRecord REOPEN = new ExchangeRecord(null, null, null, null, null, null, null, null, null,
            null, null, null, null, null, List.of(), 0, null, 0, 0, 0, null, null, null, null, List.of(), 1, false, List.of());

    private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(200); // how often an idle writer looks anyway

    private final ConcurrentLinkedQueue<ExchangeRecord> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger(); // the queue's size (its size() counts, O(n))
    private final long idleNanos;
    private volatile boolean sleeping; // the writer waits to be woken: the next append unparks it
    private final int highWater;
    private final AuditSink sink;
    private final EventRing events; // the recent records, added as their lines are written
    private final Thread writer;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Runnable onDrained = () -> {};

    public AuditLog(AuditSink sink, int highWater, EventRing events) { this(sink, highWater, events, IDLE_NANOS); }

    /** idleNanos: how long an idle writer sleeps unless woken (tests make it long, so a missed wake-up shows). */
    AuditLog(AuditSink sink, int highWater, EventRing events, long idleNanos) {
        this.sink = sink;
        this.events = events;
        this.highWater = highWater;
        this.idleNanos = idleNanos;
        this.writer = new Thread(this::run, "portcullis-audit");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    public void append(ExchangeRecord record) { enqueue(record); }

    private void enqueue(ExchangeRecord record) {
        queue.add(record);
        queued.incrementAndGet();
        if (sleeping) {
            LockSupport.unpark(writer);
        }
    }

    /** True while more records wait than the high-water mark: new requests should wait. */
    public boolean isBackedUp() { return queued.get() > highWater; }

    /** Called (on the writer thread) whenever the queue has just been emptied. */
    public void onDrained(Runnable callback) { this.onDrained = callback; }

    public int pending() { return queued.get(); }

    /** The most recent records written. */
    public EventRing events() { return events; }

    /** Asks the writer to reopen the file sink, in order with the records around it. */
    public void reopen() { enqueue(REOPEN); }

    private void run() {
        List<ExchangeRecord> batch = new ArrayList<>(256);
        while (true) {
            try {
                ExchangeRecord next;
                while (batch.size() < 4096 && (next = queue.poll()) != null) {
                    batch.add(next);
                }
                if (batch.isEmpty()) {
                    if (closed.get() && queue.isEmpty()) {
                        return;
                    }
                    sleep();
                    continue;
                }
                queued.addAndGet(-batch.size());
                for (ExchangeRecord r : batch) {
                    if (r == REOPEN) {
                        sink.reopen();
                    } else {
                        writeWithRetry(r);
                    }
                }
                boolean keepingUp = batch.size() < 256;
                batch.clear();
                sink.flush();
                if (queue.isEmpty()) {
                    onDrained.run();
                }
                if (keepingUp && !closed.get()) {
                    LockSupport.parkNanos(LINGER_NANOS); // let the next batch gather, without being woken
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException e) {
                LOG.log(Level.SEVERE, "audit sink " + sink.describe() + " failed to flush: " + e.getMessage());
            }
        }
    }

    /** Waits for the next append (or a while, to notice close); the flag makes append wake this thread. */
    private void sleep() {
        sleeping = true;
        if (queue.isEmpty() && !closed.get()) { // checked after raising the flag: an append in between is not missed
            LockSupport.parkNanos(this, idleNanos);
        }
        sleeping = false;
    }

    /** A failing sink (disk full) is retried, never skipped: the record stays until it is written. */
    private void writeWithRetry(ExchangeRecord r) throws InterruptedException {
        boolean encoded = false;
        for (int attempt = 0; ; attempt++) {
            try {
                if (!encoded) {
                    // the recent events get the record before the file does: whoever read its line finds the event
                    events.add(r.decision(), r.route(), sink.encode(r, events.keeps()));
                    encoded = true;
                }
                sink.writeLine();
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
        LockSupport.unpark(writer);
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
