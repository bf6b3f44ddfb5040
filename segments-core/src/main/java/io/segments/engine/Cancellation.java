package io.segments.engine;

/**
 * Lets a caller cancel an evaluation in flight, e.g. a live preview superseded by a newer one.
 * The engine registers how to stop its running statement; {@link #cancel()} runs it at once, or as
 * soon as the engine registers it.
 */
public final class Cancellation {
    private Runnable stop;
    private boolean cancelled;

    /** A new cancellation, not cancelled yet (one nobody cancels simply never is). */
    public static Cancellation none() {
        return new Cancellation();
    }

    public synchronized void cancel() {
        cancelled = true;
        if (stop != null) {
            stop.run();
            stop = null;
        }
    }

    public synchronized boolean isCancelled() {
        return cancelled;
    }

    /**
     * Registers how to stop the work about to run. Returns false, registering nothing, when the
     * evaluation was cancelled already: the caller must not start.
     */
    public synchronized boolean whileRunning(Runnable stop) {
        if (cancelled) {
            return false;
        }
        this.stop = stop;
        return true;
    }

    /** The work finished: nothing to stop any more. */
    public synchronized void finished() {
        stop = null;
    }
}
