package dev.sonicsaviors.pipeline.denoise;

import dev.sonicsaviors.dsp.ComplexSpectrogram;
import dev.sonicsaviors.dsp.GriffinLim;
import dev.sonicsaviors.dsp.Resampler;
import dev.sonicsaviors.dsp.Stft;
import dev.sonicsaviors.io.AudioSink;
import dev.sonicsaviors.io.AudioSource;
import dev.sonicsaviors.pipeline.Progress;
import dev.sonicsaviors.pipeline.Tasks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Runs a {@link GainModel} (the one it names for the input's rate, {@link GainModel#forInputRate}) over audio of any length in
 * overlapping chunks with bounded memory.
 *
 * <p>The input (any rate) is cut into cores of {@code chunkSeconds}; each core is processed with {@code marginSeconds}
 * of context on both sides plus half the crossfade: the segment is resampled to the model's rate, transformed, masked
 * by the model's gains (softened by {@code strength}: {@code g' = 1 - strength (1 - g)}) and inverted; what the masking
 * changed (the masked minus the unmasked segment, at the model's rate) is resampled back and added to the input, which
 * equals the masked segment resampled back plus the band its round trip through the model's rate loses (content above
 * about 10 kHz at 44.1/48 kHz, the resampler's transition band at other rates) with one resampling fewer. That band is not
 * deleted but denoised at the input rate, its change computed by {@link HighBandGain#correction} and added too; the result
 * is cross-faded into the output over {@code crossfadeSeconds} around each core boundary with complementary raised-cosine
 * weights (they sum to exactly 1). Segment starts are multiples of {@code inputRate / gcd(inputRate, modelRate)} samples, so
 * each segment's resampled samples equal those of resampling the whole signal (away from its edges, which lie in the
 * discarded margins): with an identity gain the output equals the input, with no seam, shift or length change.
 *
 * <p>Working memory is a few segments' worth of samples and one segment's STFT, whatever the input length:
 * {@link #process(AudioSource, AudioSink, Progress)} reads each segment from a source (such as a WAV file) and hands the
 * finished frames to a sink in order, so a long recording is never in memory at once; the array methods give the same
 * samples bit for bit and may overwrite the input in place. Instances are immutable; each call creates its own transforms, so calls may run in parallel
 * when the model allows it.
 */
public final class ChunkedEnhancer implements Denoiser {

    /** How the denoised waveform is rebuilt from the masked spectrogram. */
    public enum Reconstruct {
        /** Inverse STFT of the masked noisy STFT (noisy phase). */
        MASK,
        /** Griffin-Lim (32 iterations, momentum 0.99) on the masked magnitude, started from the noisy phase. */
        GRIFFIN_LIM
    }

    /**
     * Chunking layout in seconds of audio.
     *
     * @param chunkSeconds length of each chunk's core in seconds (> 0)
     * @param marginSeconds context on each side of a chunk, discarded after processing, in seconds (>= 0)
     * @param crossfadeSeconds width of the crossfade at each seam in seconds (> 0)
     */
    public record Layout(double chunkSeconds, double marginSeconds, double crossfadeSeconds) {
        /** Validates that all lengths are finite, the chunk and crossfade positive and the margin non-negative. */
        public Layout {
            if (!(chunkSeconds > 0) || !(marginSeconds >= 0) || !(crossfadeSeconds > 0)
                    || Double.isInfinite(chunkSeconds + marginSeconds + crossfadeSeconds)) {
                throw new IllegalArgumentException("need finite chunk > 0, margin >= 0 and crossfade > 0 seconds");
            }
        }

        /**
         * Returns 10 s chunks with 0.5 s of context on each side and a 0.2 s crossfade (the bundled network sees 0.42 s either
         * side of a frame; measured on 44 s of held-out speech, a 1 s margin agrees no better with one whole-file segment).
         */
        public static Layout defaults() {
            return new Layout(10, 0.5, 0.2);
        }
    }

    private static final int GRIFFIN_LIM_ITERATIONS = 32;
    private static final double GRIFFIN_LIM_MOMENTUM = 0.99;

    private final GainModel model;
    private final double strength;
    private final Layout layout;
    private final Reconstruct reconstruct;

    /** Creates an enhancer running {@code model} with {@code strength} in [0, 1] (0 keeps the input, 1 applies the full gain). */
    public ChunkedEnhancer(GainModel model, double strength) {
        this(model, strength, Layout.defaults(), Reconstruct.MASK);
    }

    /** Creates an enhancer running {@code model} with {@code strength} in [0, 1], the chunk {@code layout} and {@code reconstruct} method. */
    public ChunkedEnhancer(GainModel model, double strength, Layout layout, Reconstruct reconstruct) {
        this.model = Objects.requireNonNull(model, "model");
        if (!(strength >= 0 && strength <= 1)) {
            throw new IllegalArgumentException("strength must be in [0, 1]: " + strength);
        }
        this.strength = strength;
        this.layout = Objects.requireNonNull(layout, "layout");
        this.reconstruct = Objects.requireNonNull(reconstruct, "reconstruct");
    }

    /** Returns the model this enhancer runs. */
    public GainModel model() {
        return model;
    }

    @Override
    public void denoise(float[] in, float[] out, int sampleRate, Progress progress) {
        if (out.length != in.length) {
            throw new IllegalArgumentException("output has " + out.length + " samples, input " + in.length);
        }
        try {
            // Segments are copied out of `in` before any output at or after their start is written: in place is safe.
            run(1, in.length, sampleRate,
                    (from, n) -> new float[][] {Arrays.copyOfRange(in, (int) from, (int) from + n)},
                    (from, frames, n) -> System.arraycopy(frames[0], 0, out, (int) from, n), progress);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // arrays do not throw
        }
    }

    /**
     * Denoises every channel of {@code in} separately and writes the result to {@code out} in order, segment by segment:
     * the same samples as {@link #processInPlace} on the whole decoded arrays, bit for bit, with memory for a few
     * segments only ({@code in.frames()} frames at {@code in.sampleRate()} Hz go to {@code out} in blocks of about one
     * chunk); finished input samples, over all channels, are reported to {@code progress} with {@link Progress#step(long)}.
     */
    public void process(AudioSource in, AudioSink out, Progress progress) throws IOException {
        int channels = in.channelCount();
        run(channels, in.frames(), in.sampleRate(), (from, n) -> {
            float[][] x = new float[channels][n];
            in.read(from, x, 0, n);
            return x;
        }, (from, frames, n) -> out.write(frames, 0, n), progress);
    }

    /** Reads frames {@code [from, from + n)} of every channel as {@code float[channel][frame]}. */
    @FunctionalInterface
    private interface SegmentReader {
        float[][] read(long from, int n) throws IOException;
    }

    /** Takes finished output frames {@code [from, from + n)} from {@code frames[channel][0, n)}, in order. */
    @FunctionalInterface
    private interface SegmentWriter {
        void write(long from, float[][] frames, int n) throws IOException;
    }

    /**
     * The chunk loop: for each chunk, reads its segment (core plus context), enhances each channel, cross-fades it with the
     * previous chunk's tail and hands every frame before the next segment's start to {@code writer}. Channels of a segment
     * are enhanced side by side on up to one thread per core (each with its own transforms; the model is called by one
     * thread at a time); the result does not depend on the thread count.
     */
    private void run(int channels, long n, int sampleRate, SegmentReader reader, SegmentWriter writer, Progress progress)
            throws IOException {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive: " + sampleRate);
        }
        if (n == 0) {
            return;
        }
        GainModel forRate;
        try {
            forRate = model.forInputRate(sampleRate);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (forRate != model) { // a companion model for this kind of input (8 kHz): same layout, strength and reconstruction
            new ChunkedEnhancer(forRate, strength, layout, reconstruct).run(channels, n, sampleRate, reader, writer, progress);
            return;
        }
        Segments seg = new Segments(sampleRate);
        Resampler.Quality quality = HighBandGain.roundTripQuality(sampleRate, model.sampleRate());
        Resampler toModel = new Resampler(sampleRate, model.sampleRate(), quality);
        Resampler fromModel = new Resampler(model.sampleRate(), sampleRate, quality);
        int threads = Math.min(channels, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = threads > 1 ? Tasks.daemonPool(threads, "sonic-denoise") : null;
        // The band the model's path cannot carry is denoised beside the model (it needs only the input and its round trip).
        ExecutorService side = sampleRate != model.sampleRate() ? Tasks.daemonPool(threads, "sonic-denoise-band") : null;
        ThreadLocal<Stft> stfts = ThreadLocal.withInitial(() -> new Stft(model.nFft(), model.hopLength()));
        Object modelLock = new Object();
        long chunks = Math.max(1, (n + seg.chunk - 1) / seg.chunk);
        // pending[c]: the previous chunk's output over [pendingStart, pendingEnd), its tail past the frames handed on.
        float[][] pending = new float[channels][seg.lead + seg.half];
        long pendingStart = 0;
        long pendingEnd = 0;
        try {
            for (long j = 0; j < chunks; j++) {
                boolean last = j == chunks - 1;
                long core0 = j * seg.chunk;
                long core1 = last ? n : core0 + seg.chunk;
                long a = Math.max(0, core0 - seg.lead);
                long b = Math.min(n, core1 + seg.lead);
                float[][] x = reader.read(a, (int) (b - a));
                Mix mix = new Mix(seg, j > 0, last, core0, core1, a, j == 0 ? 0 : core0 - seg.half,
                        last ? n : Math.min(n, core1 + seg.half), pendingStart, pendingEnd, last ? n : core1 - seg.lead);
                float[][] ready = new float[channels][(int) (mix.nextStart - pendingStart)];
                List<Future<?>> running = new ArrayList<>();
                for (int c = 0; c < channels; c++) {
                    int ch = c;
                    Runnable task = () -> {
                        float[] y = enhance(x[ch], sampleRate, stfts.get(), toModel, fromModel, modelLock, side);
                        x[ch] = null;
                        mix.into(y, pending[ch], ready[ch]);
                    };
                    if (pool == null) {
                        runUnwrapped(task);
                        progress.step(core1 - core0);
                    } else {
                        running.add(pool.submit(task));
                    }
                }
                for (Future<?> f : running) {
                    awaitUnwrapped(f);
                    progress.step(core1 - core0);
                }
                writer.write(pendingStart, ready, ready[0].length);
                pendingStart = mix.nextStart;
                pendingEnd = last ? n : mix.e;
            }
        } finally {
            stfts.remove();
            // The channel tasks first: after a failure in one channel the other may still be running and submitting to the
            // side pool; once they have ended, nothing can start a high-band task, and those are stopped in turn.
            Tasks.shutdownAndWait(pool, 60);
            Tasks.shutdownAndWait(side, 60);
        }
    }

    /** Runs {@code task}, rethrowing an {@link IOException} that it carried out in an {@link UncheckedIOException}. */
    private static void runUnwrapped(Runnable task) throws IOException {
        try {
            task.run();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** {@link Tasks#await}, rethrowing an {@link IOException} that the task carried out in an {@link UncheckedIOException}. */
    private static void awaitUnwrapped(Future<?> f) throws IOException {
        try {
            Tasks.await(f);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * Where one chunk's enhanced segment goes: frames {@code [o, e)} of the segment that starts at frame {@code a}, weighted
     * by the crossfades around the core {@code [core0, core1)}, are added to the previous chunk's tail (frames
     * {@code [pendingStart, pendingEnd)}); frames before {@code nextStart} are finished, later ones become the new tail.
     */
    private record Mix(Segments seg, boolean fadeIn, boolean last, long core0, long core1, long a, long o, long e,
            long pendingStart, long pendingEnd, long nextStart) {

        /** Fills {@code ready} (frames {@code [pendingStart, nextStart)}) and replaces {@code pending} with the new tail. */
        void into(float[] y, float[] pending, float[] ready) {
            System.arraycopy(pending, 0, ready, 0, (int) (pendingEnd - pendingStart));
            for (long i = o; i < e; i++) {
                double w = 1;
                if (fadeIn && i < core0 + seg.half) {
                    w = seg.fadeIn(i - (core0 - seg.half));
                } else if (!last && i >= core1 - seg.half) {
                    w = 1 - seg.fadeIn(i - (core1 - seg.half));
                }
                float v = (float) (w * y[(int) (i - a)]);
                if (i < pendingEnd) {
                    ready[(int) (i - pendingStart)] += v;
                } else if (i < nextStart) {
                    ready[(int) (i - pendingStart)] = v;
                } else {
                    pending[(int) (i - nextStart)] = v;
                }
            }
        }
    }

    /**
     * Returns the segment {@code x} (input rate) enhanced: to the model's rate, masked, back, cut to {@code x.length}; at
     * another rate than the model's, the band its path cannot carry is denoised on {@code side} meanwhile.
     */
    private float[] enhance(float[] x, int rate, Stft stft, Resampler toModel, Resampler fromModel, Object modelLock,
                            ExecutorService side) {
        // What the model's path cannot carry is denoised at the input rate beside the model and added back at the end.
        Future<float[]> high = side == null ? null : side.submit(() -> highBand(x, rate));
        try {
            float[] m = toModel.process(x);
            float[] y = maskedPath(m, stft, modelLock);
            if (high == null) { // the model's own rate: no resampling, no band outside the path
                return y.length == x.length ? y : Arrays.copyOf(y, x.length);
            }
            // x + up(y - m) = up(y) + (x - up(m)): the model's output plus the band its round trip loses, one resampling fewer.
            for (int i = 0; i < y.length; i++) {
                y[i] -= m[i];
            }
            float[] back = fromModel.process(y);
            back = back.length == x.length ? back : Arrays.copyOf(back, x.length);
            float[] h = Tasks.await(high);
            for (int i = 0; i < x.length; i++) {
                back[i] += x[i] + h[i];
            }
            return back;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (high != null) {
                high.cancel(true); // a no-op when it finished; stops it when the model's path failed
            }
        }
    }

    /**
     * Returns what denoising the input's band outside the model's path ({@code x} minus its round trip through the model's
     * rate) changes, scaled by the strength ({@link HighBandGain#correction}).
     */
    private float[] highBand(float[] x, int rate) {
        float[] outside = HighBandGain.outsideShare(rate, model.sampleRate());
        // The round trip keeps everything below 86 % of the lower Nyquist frequency (the pass band of either filter).
        float[] change = HighBandGain.correction(x, rate, 0.85 * Math.min(rate, model.sampleRate()) / 2.0, outside);
        for (int i = 0; i < change.length; i++) {
            change[i] = (float) (strength * change[i]);
        }
        return change;
    }

    /**
     * Returns {@code m} (model rate) masked by the model's gains (or, for a model with a complex output, replaced by its
     * enhanced STFT, {@code X + strength (Y - X)}), same length, at the model's rate.
     */
    private float[] maskedPath(float[] m, Stft stft, Object modelLock) {
        ComplexSpectrogram s = stft.forward(m);
        int nb = s.bins();
        int nf = s.frames();
        if (model.complexOutput()) {
            ComplexSpectrogram y;
            synchronized (modelLock) { // GainModel: called from one thread at a time
                y = model.enhance(s);
            }
            if (y == null || y.bins() != nb || y.frames() != nf) {
                throw new IllegalStateException(model.name() + ": enhanced STFT has another shape than the input's " + nb + "x" + nf);
            }
            blend(s, y);
            return reconstruct(s, m, stft);
        }
        float[][] g;
        synchronized (modelLock) { // GainModel: called from one thread at a time
            g = model.gains(s);
        }
        if (g == null || g.length != nb) {
            throw new IllegalStateException(model.name() + ": gains have " + (g == null ? "no" : g.length) + " bins, expected " + nb);
        }
        PitchPostFilter post = model.postFilter() == null || strength == 0 ? null
                : new PitchPostFilter(model.postFilter(), model.sampleRate(), model.nFft());
        double[] before = post == null ? null : post.lowBandEnergies(s);
        float[][] re = s.re();
        float[][] im = s.im();
        for (int k = 0; k < nb; k++) {
            float[] gk = g[k];
            if (gk.length != nf) {
                throw new IllegalStateException(model.name() + ": gains have " + gk.length + " frames, expected " + nf);
            }
            for (int t = 0; t < nf; t++) {
                float v = gk[t];
                if (Float.isNaN(v)) {
                    throw new IllegalStateException(model.name() + ": gain is NaN at bin " + k + ", frame " + t);
                }
                float gain = (float) (1 - strength * (1 - Math.max(0f, Math.min(1f, v))));
                re[k][t] *= gain;
                im[k][t] *= gain;
            }
        }
        if (post == null) {
            return reconstruct(s, m, stft);
        }
        float[] w = post.noiseWeights(before, post.lowBandEnergies(s));
        for (int t = 0; t < w.length; t++) {
            w[t] *= (float) strength;
        }
        float[] y = reconstruct(s, m, stft);
        post.apply(y, w);
        return y;
    }

    /** Replaces {@code s} by {@code s + strength (y - s)}, bin by bin; a NaN in {@code y} is an error. */
    private void blend(ComplexSpectrogram s, ComplexSpectrogram y) {
        float st = (float) strength;
        for (int k = 0; k < s.bins(); k++) {
            float[] re = s.re()[k];
            float[] im = s.im()[k];
            float[] yr = y.re()[k];
            float[] yi = y.im()[k];
            for (int t = 0; t < re.length; t++) {
                if (Float.isNaN(yr[t]) || Float.isNaN(yi[t])) {
                    throw new IllegalStateException(model.name() + ": enhanced STFT is NaN at bin " + k + ", frame " + t);
                }
                re[t] += st * (yr[t] - re[t]);
                im[t] += st * (yi[t] - im[t]);
            }
        }
    }

    /** Returns the signal of the processed STFT {@code s} of {@code m}, {@code m.length} samples, by the configured route. */
    private float[] reconstruct(ComplexSpectrogram s, float[] m, Stft stft) {
        int nb = s.bins();
        int nf = s.frames();
        float[][] re = s.re();
        float[][] im = s.im();
        float[] y;
        if (reconstruct == Reconstruct.MASK) {
            y = stft.inverse(s, m.length);
        } else {
            float[][] mag = s.magnitude();
            double[][] phase = new double[nb][nf];
            for (int k = 0; k < nb; k++) {
                for (int t = 0; t < nf; t++) {
                    double u = Math.atan2(im[k][t], re[k][t]) / (2 * Math.PI);
                    phase[k][t] = u < 0 ? u + 1 : (u >= 1 ? u - 1 : u);
                }
            }
            y = GriffinLim.reconstruct(mag, stft, m.length, GRIFFIN_LIM_ITERATIONS, GRIFFIN_LIM_MOMENTUM, phase);
        }
        return y;
    }

    /** The layout in input samples for one input rate. */
    private final class Segments {
        /** Core length, a multiple of the alignment. */
        final int chunk;
        /** Half the crossfade width. */
        final int half;
        /** Context before a core start (and after a core end), a multiple of the alignment, at least half + margin. */
        final int lead;

        Segments(int rate) {
            int modelRate = model.sampleRate();
            int align = rate / Resampler.gcd(rate, modelRate);
            // The margin must also hide the STFT's edge frames and the resampler's edge response.
            double minMargin = 2.0 * model.nFft() / modelRate + 0.01;
            this.half = (int) Math.max(1, Math.round(layout.crossfadeSeconds() * rate / 2));
            long margin = Math.round(Math.max(layout.marginSeconds(), minMargin) * rate);
            this.lead = toInt(roundUp(half + margin, align));
            long c = Math.max(roundUp(Math.round(layout.chunkSeconds() * rate), align), roundUp((long) lead + half, align));
            this.chunk = toInt(c);
        }

        /** Returns the raised-cosine fade-in weight at offset {@code i} in [0, 2 half) of a crossfade. */
        double fadeIn(long i) {
            double s = Math.sin(0.5 * Math.PI * (i + 0.5) / (2.0 * half));
            return s * s;
        }
    }

    private static long roundUp(long v, long m) {
        return (v + m - 1) / m * m;
    }

    private static int toInt(long v) {
        if (v > Integer.MAX_VALUE / 4) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "chunk layout too large: %d samples", v));
        }
        return (int) v;
    }

}
