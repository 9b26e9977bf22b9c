package dev.sonicsaviors.web;

import dev.sonicsaviors.api.Cancellation;
import dev.sonicsaviors.api.ModelCard;

/**
 * A denoising job started by {@code POST /api/jobs}: its state, progress and, when done, its WAV and PNG results held in
 * memory until the job expires.
 */
final class Job {

    /** Where a job stands. */
    enum State { queued, running, done, failed }

    final String id;
    final String model;
    final double strength;
    final Cancellation cancel = new Cancellation();
    volatile State state = State.queued;
    /** Finished fraction in [0, 1]. */
    volatile double progress;
    volatile long finishedAtNanos;
    volatile Outputs outputs;
    volatile ApiException error;

    /**
     * A finished job's outputs: duration (s), rate (Hz), channel count, processing time (ms), the model card, WAV bytes of
     * both signals and their mel pictures (the decoded arrays are not kept).
     */
    record Outputs(double durationSeconds, int sampleRate, int channels, long processingMillis, ModelCard card,
                   byte[] noisyWav, byte[] denoisedWav, MelPictures.Pair mel) {

        /** Returns the bytes held. */
        long bytes() {
            return (long) noisyWav.length + denoisedWav.length + mel.noisyPng().length + mel.denoisedPng().length;
        }
    }

    Job(String id, String model, double strength) {
        this.id = id;
        this.model = model;
        this.strength = strength;
    }
}
