package dev.sonicsaviors.dsp;

import java.util.Arrays;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * The {@link Resampler} from {@code fromRate} Hz to {@code toRate} Hz over a signal that arrives in blocks: each
 * {@link #push} returns the output samples whose filter taps have all arrived, {@link #finish} the rest. The outputs,
 * concatenated, are bit-identical to {@code new Resampler(fromRate, toRate).process(wholeSignal)} (same taps, same
 * summation order, zeros beyond both ends), whatever the block sizes, so there is no seam. Memory is one block plus
 * about {@code 2 x 36 x max(1, fromRate / toRate)} samples of history. Not thread-safe (one instance per channel).
 */
public final class StreamingResampler {
    /** Output samples per parallel work block. */
    private static final int BLOCK = 1 << 15;

    private final Resampler resampler;
    private final boolean same;
    private final int half;
    private final long up;
    private final long down;
    /** Input samples [bufStart, bufStart + bufLen) still needed. */
    private float[] buf = new float[0];
    private long bufStart;
    private int bufLen;
    /** Input samples received so far. */
    private long received;
    /** Output samples returned so far (the index of the next one). */
    private long produced;
    private boolean finished;

    /** Creates a streaming resampler from {@code fromRate} Hz to {@code toRate} Hz (both positive). */
    public StreamingResampler(int fromRate, int toRate) {
        this.resampler = new Resampler(fromRate, toRate);
        this.same = fromRate == toRate;
        this.half = resampler.halfTaps();
        this.up = resampler.up();
        this.down = resampler.down();
    }

    /** Returns the input samples received so far. */
    public long inputCount() {
        return received;
    }

    /** Returns the output samples returned so far. */
    public long outputCount() {
        return produced;
    }

    /**
     * Appends input samples {@code x[off, off + len)} (at fromRate Hz) and returns the output samples (at toRate Hz) that
     * they complete, as a new {@code float[sample]}, possibly empty.
     */
    public float[] push(float[] x, int off, int len) {
        Objects.requireNonNull(x, "x");
        Objects.checkFromIndexSize(off, len, x.length);
        if (finished) {
            throw new IllegalStateException("push after finish");
        }
        if (same) {
            received += len;
            produced += len;
            return Arrays.copyOfRange(x, off, off + len);
        }
        append(x, off, len);
        received += len;
        // Output k needs inputs up to floor(k * down / up) + half: all of them are here while that is below `received`.
        long lastQ = received - half - 1;
        long end = lastQ < 0 ? 0 : ceilDiv((lastQ + 1) * up, down);
        return emit(end, received);
    }

    /** Ends the input and returns the remaining output samples; the total is then ceil(inputCount * toRate / fromRate). */
    public float[] finish() {
        if (finished) {
            throw new IllegalStateException("finish called twice");
        }
        finished = true;
        if (same) {
            return new float[0];
        }
        return emit(ceilDiv(received * up, down), received);
    }

    /** Computes outputs [produced, end) of a signal of {@code n} samples so far (their taps all within them) and drops the inputs no longer needed. */
    private float[] emit(long end, long n) {
        int count = (int) Math.max(0, end - produced);
        float[] out = new float[count];
        long k0 = produced;
        float[] x = buf;
        long start = bufStart;
        if (count <= BLOCK) {
            for (int i = 0; i < count; i++) {
                out[i] = (float) resampler.sampleAt(k0 + i, x, start, n);
            }
        } else {
            int blocks = (count + BLOCK - 1) / BLOCK;
            IntStream.range(0, blocks).parallel().forEach(b -> {
                for (int i = b * BLOCK, e = Math.min(count, (b + 1) * BLOCK); i < e; i++) {
                    out[i] = (float) resampler.sampleAt(k0 + i, x, start, n);
                }
            });
        }
        produced += count;
        long keepFrom = Math.max(bufStart, Math.floorDiv(produced * down, up) - half + 1);
        int drop = (int) Math.min(bufLen, keepFrom - bufStart);
        if (drop > 0) {
            System.arraycopy(buf, drop, buf, 0, bufLen - drop);
            bufLen -= drop;
            bufStart += drop;
        }
        return out;
    }

    private void append(float[] x, int off, int len) {
        if (bufLen + len > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(bufLen + len, 2 * buf.length));
        }
        System.arraycopy(x, off, buf, bufLen, len);
        bufLen += len;
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
