package dev.sonicsaviors.api;

/**
 * A flag that asks a running denoise call to stop: {@link #cancel()} may be called from any thread, and the call then
 * throws {@link java.util.concurrent.CancellationException} at its next chunk boundary (within about 10 s of audio).
 * One token may serve several calls; it cannot be reset.
 */
public final class Cancellation {

    private volatile boolean cancelled;

    /** Creates a token that is not cancelled. */
    public Cancellation() {
    }

    /** Asks every call watching this token to stop. */
    public void cancel() {
        cancelled = true;
    }

    /** Returns whether {@link #cancel()} has been called. */
    public boolean isCancelled() {
        return cancelled;
    }
}
