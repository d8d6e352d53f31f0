package dev.portcullis.server;

import io.netty.util.concurrent.AbstractScheduledEventExecutor;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.concurrent.Ticker;
import java.util.concurrent.TimeUnit;

/**
 * A deadline that is cheap to arm and disarm many times: arming writes a timestamp, and a timer is
 * scheduled only when none is pending (or the pending one would fire too late). When the timer fires
 * early because the deadline moved, it reschedules itself for the rest. Per keep-alive connection this
 * costs about one scheduled task per timeout period instead of one schedule and cancel per request.
 * Used from one event loop only.
 */
public final class LazyDeadline {
    private final EventExecutor executor;
    private final Ticker clock;
    private final Runnable onExpire;
    private long deadline; // clock.nanoTime() value; 0 = disarmed
    private long timerAt;
    private ScheduledFuture<?> timer;

    public LazyDeadline(EventExecutor executor, Runnable onExpire) {
        this.executor = executor;
        // the loop's own clock, so deadlines and the loop's timers agree (and tests can move time)
        this.clock = executor instanceof AbstractScheduledEventExecutor loop ? loop.ticker() : Ticker.systemTicker();
        this.onExpire = onExpire;
    }

    public void arm(long timeoutMillis) {
        long now = clock.nanoTime();
        deadline = now + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        if (deadline == 0) {
            deadline = 1;
        }
        if (timer != null && timerAt - deadline > 0) {
            timer.cancel(false); // the pending timer would fire after this shorter deadline
            timer = null;
        }
        if (timer == null) {
            schedule(deadline - now);
        }
    }

    public void disarm() { deadline = 0; }

    boolean armed() { return deadline != 0; }

    /** Disarms and drops the pending timer (the connection is closing). */
    public void cancel() {
        deadline = 0;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void schedule(long delayNanos) {
        timerAt = clock.nanoTime() + delayNanos;
        timer = executor.schedule(this::fire, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void fire() {
        timer = null;
        if (deadline == 0) {
            return;
        }
        long left = deadline - clock.nanoTime();
        if (left > 0) {
            schedule(left);
            return;
        }
        deadline = 0;
        onExpire.run();
    }
}
