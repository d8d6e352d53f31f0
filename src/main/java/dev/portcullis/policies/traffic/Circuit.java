package dev.portcullis.policies.traffic;

import java.util.function.LongSupplier;

/** One upstream's circuit: closed (counting), open (refusing), half-open (a few probes). Thread-safe. */
final class Circuit {
    enum State { CLOSED, OPEN, HALF_OPEN }

    interface Listener {
        void changed(String upstream, State from, State to, String why);
    }

    private final CircuitBreakerPolicy.Spec spec;
    private final LongSupplier clock;
    private final Listener listener;
    private final boolean[] failed;
    private final boolean[] slow;
    private int seen;
    private int next;
    private State state = State.CLOSED;
    private long openUntil;
    private int probesLeft;
    private int probesOk;

    Circuit(CircuitBreakerPolicy.Spec spec, LongSupplier clock, Listener listener) {
        this.spec = spec;
        this.clock = clock;
        this.listener = listener;
        this.failed = new boolean[spec.window()];
        this.slow = new boolean[spec.window()];
    }

    /** 0 when the call may go, else milliseconds until the circuit lets calls try again. */
    synchronized long tryAcquire(String upstream) {
        if (state == State.OPEN) {
            long left = openUntil - clock.getAsLong();
            if (left > 0) {
                return left;
            }
            move(upstream, State.HALF_OPEN, "openFor elapsed: probing with " + spec.halfOpenProbes() + " call(s)");
            probesLeft = spec.halfOpenProbes();
            probesOk = 0;
        }
        if (state == State.HALF_OPEN) {
            if (probesLeft == 0) {
                return 1000; // the probes are out; wait for their outcome
            }
            probesLeft--;
        }
        return 0;
    }

    synchronized void record(String upstream, boolean isFailure, boolean isSlow) {
        if (state == State.HALF_OPEN) {
            if (isFailure || isSlow) {
                open(upstream, "a probe " + (isFailure ? "failed" : "was slow"));
            } else if (++probesOk >= spec.halfOpenProbes()) {
                seen = 0;
                next = 0;
                move(upstream, State.CLOSED, spec.halfOpenProbes() + " probe(s) succeeded");
            }
            return;
        }
        if (state == State.OPEN) {
            return; // a call that started before the circuit opened
        }
        failed[next] = isFailure;
        slow[next] = isSlow;
        next = (next + 1) % failed.length;
        seen = Math.min(seen + 1, failed.length);
        if (seen < spec.minCalls()) {
            return;
        }
        int failures = 0;
        int slowCalls = 0;
        for (int i = 0; i < seen; i++) {
            failures += failed[i] ? 1 : 0;
            slowCalls += slow[i] ? 1 : 0;
        }
        if (failures * 100 >= spec.failureRate() * seen) {
            open(upstream, failures + " of the last " + seen + " calls failed");
        } else if (spec.slowCallRate() < 100 && slowCalls * 100 >= spec.slowCallRate() * seen) {
            open(upstream, slowCalls + " of the last " + seen + " calls took " + spec.slowCall().toMillis() + "ms or more");
        }
    }

    /** A call that got a probe slot ended without an outcome: the slot comes back. */
    synchronized void abandoned() {
        if (state == State.HALF_OPEN) {
            probesLeft++;
        }
    }

    private void open(String upstream, String why) {
        openUntil = clock.getAsLong() + spec.openFor().toMillis();
        move(upstream, State.OPEN, why + "; open for " + spec.openFor().toMillis() + "ms");
    }

    private void move(String upstream, State to, String why) {
        State from = state;
        state = to;
        listener.changed(upstream, from, to, why);
    }
}
