package dev.sonicsaviors.io;

import java.util.Objects;

/** Argument checks and zero padding shared by the {@link AudioSource} implementations. */
final class Reads {
    private Reads() {
    }

    /** Throws unless {@code dest} has {@code channels} entries, each null or holding {@code [destOffset, destOffset + n)}. */
    static void check(int channels, float[][] dest, int destOffset, int n) {
        Objects.requireNonNull(dest, "dest");
        if (dest.length != channels) {
            throw new IllegalArgumentException("dest has " + dest.length + " channels, the source " + channels);
        }
        if (n < 0 || destOffset < 0) {
            throw new IllegalArgumentException("negative count or offset: n = " + n + ", destOffset = " + destOffset);
        }
        for (int c = 0; c < channels; c++) {
            if (dest[c] != null) {
                Objects.checkFromIndexSize(destOffset, n, dest[c].length);
            }
        }
    }

    /**
     * Zeros the parts of {@code d[destOffset, destOffset + n)} (frames {@code [offset, offset + n)}) outside the frames
     * {@code [lo, hi)} that lie in the recording.
     */
    static void zeroOutside(float[] d, int destOffset, int n, long offset, long lo, long hi) {
        int inStart = (int) (lo - offset);
        int inEnd = (int) (hi - offset);
        if (hi <= lo) {
            inStart = n;
            inEnd = n;
        }
        java.util.Arrays.fill(d, destOffset, destOffset + inStart, 0f);
        java.util.Arrays.fill(d, destOffset + inEnd, destOffset + n, 0f);
    }

    /**
     * Returns why a decoder failed, in words and without a Java class name: "the file ends early" for an end of file,
     * else the decoder's own message when it has one without class names, else "the decoder failed".
     */
    static String reason(Throwable e) {
        if (e instanceof java.io.EOFException) {
            return "the file ends early";
        }
        String m = e.getMessage();
        if (m == null || m.isBlank() || m.matches("(?s).*\\b(java|javax|org|javazoom)\\.[a-z].*") || m.matches("(?s).*[A-Za-z]+(Exception|Error)\\b.*")) {
            return "the decoder failed";
        }
        return m.replaceAll("\\s+", " ").strip();
    }
}
