package dev.sonicsaviors.io;

import java.nio.file.Path;

/** Shared sanity checks for decoded stream parameters. */
final class Checks {
    /** Lowest accepted sample rate in Hz. */
    static final int MIN_RATE = 1_000;
    /** Highest accepted sample rate in Hz. */
    static final int MAX_RATE = 768_000;

    private Checks() {}

    /** Throws unless {@code channels} is positive and {@code rate} lies in 1,000..768,000 Hz. */
    static void channelsAndRate(Path file, long channels, long rate) throws AudioFormatException {
        if (channels <= 0) {
            throw new AudioFormatException(file, "zero channels in header");
        }
        if (rate < MIN_RATE || rate > MAX_RATE) {
            throw new AudioFormatException(file, "absurd sample rate " + rate + " Hz (accepted: "
                    + MIN_RATE + ".." + MAX_RATE + " Hz)");
        }
    }

    /** Returns {@code frames * channels} as an int, or throws if it does not fit in a Java array. */
    static int totalSamples(Path file, long frames, int channels) throws AudioFormatException {
        long total = frames * channels;
        if (frames < 0 || total > Integer.MAX_VALUE - 16) {
            throw new AudioFormatException(file, "too long to decode into memory (" + frames + " frames x "
                    + channels + " channels)");
        }
        return (int) total;
    }
}
