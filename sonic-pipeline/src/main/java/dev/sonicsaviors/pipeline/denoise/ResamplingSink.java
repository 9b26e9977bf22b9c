package dev.sonicsaviors.pipeline.denoise;

import dev.sonicsaviors.dsp.StreamingResampler;
import dev.sonicsaviors.io.AudioSink;
import java.io.IOException;
import java.util.Objects;

/**
 * An {@link AudioSink} that resamples every channel from {@code fromRate} Hz to {@code toRate} Hz on the way to another
 * sink, block by block with {@link StreamingResampler}: the frames that reach the downstream sink are bit-identical to
 * {@code Resampler.process} on each whole channel, with no seam at block boundaries. Call {@link #finish()} after the
 * last block.
 */
public final class ResamplingSink implements AudioSink {
    private final AudioSink downstream;
    private final StreamingResampler[] resamplers;

    /** Creates a sink for {@code channels} channels at {@code fromRate} Hz that passes them on at {@code toRate} Hz to {@code downstream}. */
    public ResamplingSink(AudioSink downstream, int channels, int fromRate, int toRate) {
        this.downstream = Objects.requireNonNull(downstream, "downstream");
        if (channels <= 0) {
            throw new IllegalArgumentException("channel count must be positive: " + channels);
        }
        this.resamplers = new StreamingResampler[channels];
        for (int c = 0; c < channels; c++) {
            resamplers[c] = new StreamingResampler(fromRate, toRate);
        }
    }

    /** Resamples frames {@code [offset, offset + n)} of {@code frames} ({@code float[channel][frame]}) and passes on those now complete. */
    @Override
    public void write(float[][] frames, int offset, int n) throws IOException {
        if (frames.length != resamplers.length) {
            throw new IllegalArgumentException("got " + frames.length + " channels, expected " + resamplers.length);
        }
        float[][] out = new float[resamplers.length][];
        for (int c = 0; c < out.length; c++) {
            out[c] = resamplers[c].push(frames[c], offset, n);
        }
        pass(out);
    }

    /** Ends the input and passes on the remaining frames: ceil(input frames x toRate / fromRate) frames in all. */
    public void finish() throws IOException {
        float[][] out = new float[resamplers.length][];
        for (int c = 0; c < out.length; c++) {
            out[c] = resamplers[c].finish();
        }
        pass(out);
    }

    private void pass(float[][] out) throws IOException {
        if (out[0].length > 0) {
            downstream.write(out, 0, out[0].length);
        }
    }
}
