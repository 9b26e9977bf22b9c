package dev.sonicsaviors.api;

/**
 * Receives a denoising run's progress; it is called on the thread that called the denoiser, about once per 10 s chunk
 * of audio, and must return quickly.
 */
@FunctionalInterface
public interface ProgressListener {

    /** A listener that ignores progress. */
    ProgressListener NONE = (done, total) -> {
    };

    /**
     * Reports that {@code done} of {@code total} samples (counted over all channels: frames x channels) are finished;
     * {@code done} only grows and reaches {@code total} when the run succeeds.
     */
    void progress(long done, long total);
}
