package dev.sonicsaviors.io;

import java.io.IOException;

/** Takes audio frames in order, block by block, e.g. to write a file without holding it all in memory. */
@FunctionalInterface
public interface AudioSink {

    /**
     * Appends frames {@code [offset, offset + n)} of every channel of {@code frames} ({@code float[channel][frame]}, one entry
     * per channel); the sink does not keep the arrays.
     */
    void write(float[][] frames, int offset, int n) throws IOException;
}
