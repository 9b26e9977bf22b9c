package dev.sonicsaviors.web;

import java.time.Duration;
import java.util.Objects;

/**
 * What a server listens on and the limits that protect it.
 *
 * @param host the address to bind ({@code 127.0.0.1} by default: only this machine can connect)
 * @param port the TCP port (0 picks a free one)
 * @param maxUploadBytes the largest request body accepted, in bytes; larger ones get 413
 * @param maxDurationSeconds the longest audio accepted, in seconds; longer gets 413
 * @param maxJobs how many denoising jobs may run at once; more get 503 with Retry-After
 * @param jobTimeout how long one job may run before it is cancelled
 */
public record ServeConfig(String host, int port, long maxUploadBytes, double maxDurationSeconds, int maxJobs, Duration jobTimeout) {

    /** The default port. */
    public static final int DEFAULT_PORT = 8080;

    /** Checks the limits are positive and the port in [0, 65535]. */
    public ServeConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(jobTimeout, "jobTimeout");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be in [0, 65535]: " + port);
        }
        if (maxUploadBytes <= 0) {
            throw new IllegalArgumentException("maximum upload must be positive: " + maxUploadBytes + " bytes");
        }
        if (!(maxDurationSeconds > 0)) {
            throw new IllegalArgumentException("maximum duration must be positive: " + maxDurationSeconds + " s");
        }
        if (maxJobs < 1) {
            throw new IllegalArgumentException("at least one job must be allowed: " + maxJobs);
        }
        if (jobTimeout.isNegative() || jobTimeout.isZero()) {
            throw new IllegalArgumentException("job time limit must be positive: " + jobTimeout);
        }
    }

    /** Returns the defaults: loopback, port 8080, 50 MB uploads, 10 minutes of audio, 2 jobs at once, 5 minutes a job. */
    public static ServeConfig defaults() {
        return new ServeConfig("127.0.0.1", DEFAULT_PORT, 50L << 20, 600, 2, Duration.ofMinutes(5));
    }

    /** Returns a copy listening on {@code host}. */
    public ServeConfig withHost(String host) {
        return new ServeConfig(host, port, maxUploadBytes, maxDurationSeconds, maxJobs, jobTimeout);
    }

    /** Returns a copy listening on {@code port}. */
    public ServeConfig withPort(int port) {
        return new ServeConfig(host, port, maxUploadBytes, maxDurationSeconds, maxJobs, jobTimeout);
    }

    /** Returns a copy accepting bodies up to {@code bytes} bytes. */
    public ServeConfig withMaxUploadBytes(long bytes) {
        return new ServeConfig(host, port, bytes, maxDurationSeconds, maxJobs, jobTimeout);
    }

    /** Returns a copy accepting audio up to {@code seconds} s long. */
    public ServeConfig withMaxDurationSeconds(double seconds) {
        return new ServeConfig(host, port, maxUploadBytes, seconds, maxJobs, jobTimeout);
    }

    /** Returns a copy running at most {@code jobs} jobs at once. */
    public ServeConfig withMaxJobs(int jobs) {
        return new ServeConfig(host, port, maxUploadBytes, maxDurationSeconds, jobs, jobTimeout);
    }

    /** Returns a copy cancelling jobs that run longer than {@code timeout}. */
    public ServeConfig withJobTimeout(Duration timeout) {
        return new ServeConfig(host, port, maxUploadBytes, maxDurationSeconds, maxJobs, timeout);
    }
}
