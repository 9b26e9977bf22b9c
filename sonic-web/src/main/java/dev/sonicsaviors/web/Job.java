package dev.sonicsaviors.web;

import dev.sonicsaviors.api.Cancellation;

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

    /** A finished job's outputs: the result, WAV bytes of both signals and their mel pictures. */
    record Outputs(Processing.Result result, byte[] noisyWav, byte[] denoisedWav, MelPictures.Pair mel) {
    }

    Job(String id, String model, double strength) {
        this.id = id;
        this.model = model;
        this.strength = strength;
    }
}
