package dev.sonicsaviors.api;

import dev.sonicsaviors.dsp.ComplexSpectrogram;
import dev.sonicsaviors.io.AudioSink;
import dev.sonicsaviors.io.AudioSource;
import dev.sonicsaviors.pipeline.Progress;
import dev.sonicsaviors.pipeline.denoise.ChunkedEnhancer;
import dev.sonicsaviors.pipeline.denoise.GainModel;
import dev.sonicsaviors.pipeline.denoise.PitchPostFilter;
import dev.sonicsaviors.pipeline.denoise.ResamplingSink;
import java.io.IOException;
import java.util.concurrent.CancellationException;

/** The {@link Denoiser} behind {@link Denoisers}: a {@link ChunkedEnhancer} over a model whose evaluation is serialised. */
final class PipelineDenoiser implements Denoiser {

    private final DenoiseOptions options;
    private final ModelCard card;
    private final GainModel model;
    private final ChunkedEnhancer enhancer;
    private volatile boolean closed;

    PipelineDenoiser(DenoiseOptions options, ModelCard card, GainModel model, ChunkedEnhancer.Reconstruct reconstruct) {
        this.options = options;
        this.card = card;
        this.model = model;
        this.enhancer = new ChunkedEnhancer(new Serialized(model), options.strength(), ChunkedEnhancer.Layout.defaults(), reconstruct);
    }

    @Override
    public ModelCard card() {
        return card;
    }

    @Override
    public DenoiseOptions options() {
        return options;
    }

    @Override
    public float[][] denoise(float[][] noisy, int sampleRate) {
        open();
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive: " + sampleRate);
        }
        long total = 0;
        for (float[] ch : noisy) {
            if (ch.length != noisy[0].length) {
                throw new IllegalArgumentException("channels differ in length: " + noisy[0].length + " and " + ch.length + " samples");
            }
            total += ch.length;
        }
        float[][] out = new float[noisy.length][];
        for (int c = 0; c < noisy.length; c++) {
            out[c] = noisy[c].clone();
        }
        enhancer.processInPlace(out, sampleRate, Progress.NONE);
        return out;
    }

    @Override
    public void denoise(AudioSource in, AudioSink out, ProgressListener progress, Cancellation cancel) throws IOException {
        denoise(in, out, in.sampleRate(), progress, cancel);
    }

    @Override
    public void denoise(AudioSource in, AudioSink out, int outputRate, ProgressListener progress, Cancellation cancel)
            throws IOException {
        open();
        if (outputRate <= 0) {
            throw new IllegalArgumentException("output rate must be positive: " + outputRate);
        }
        Steps steps = new Steps(progress == null ? ProgressListener.NONE : progress, cancel, (long) in.channelCount() * in.frames());
        steps.check();
        if (outputRate != in.sampleRate()) {
            ResamplingSink resampled = new ResamplingSink(out, in.channelCount(), in.sampleRate(), outputRate);
            enhancer.process(in, resampled, steps);
            resampled.finish();
        } else {
            enhancer.process(in, out, steps);
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            closeModel(model);
        }
    }

    /** Closes {@code model} if it holds resources. */
    static void closeModel(GainModel model) {
        if (model instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(model.name() + ": " + e.getMessage(), e);
            }
        }
    }

    private void open() {
        if (closed) {
            throw new IllegalStateException(card.name() + ": denoiser is closed");
        }
    }

    /** Turns the enhancer's steps into {@link ProgressListener} calls and checks the cancellation token after each. */
    private static final class Steps implements Progress {
        private final ProgressListener listener;
        private final Cancellation cancel;
        private final long total;
        private long done;

        Steps(ProgressListener listener, Cancellation cancel, long total) {
            this.listener = listener;
            this.cancel = cancel;
            this.total = total;
        }

        void check() {
            if (cancel != null && cancel.isCancelled()) {
                throw new CancellationException("denoising cancelled");
            }
        }

        @Override
        public void start(String task, long t) {
        }

        @Override
        public void step(long n) {
            done += n;
            listener.progress(done, total);
            check();
        }

        @Override
        public void done() {
        }
    }

    /**
     * Passes a model on with its {@link GainModel#gains} taken by one thread at a time, as the interface requires, and its
     * companion for a kind of input ({@link GainModel#forInputRate}: the narrow-band model at 8 kHz) wrapped the same way.
     */
    private static final class Serialized implements GainModel {
        private final GainModel model;
        private Serialized companion;

        Serialized(GainModel model) {
            this.model = model;
        }

        @Override
        public synchronized GainModel forInputRate(int inputRateHz) {
            GainModel forRate = model.forInputRate(inputRateHz);
            if (forRate == model) {
                return this;
            }
            if (companion == null || companion.model != forRate) {
                companion = new Serialized(forRate);
            }
            return companion;
        }

        @Override
        public String name() {
            return model.name();
        }

        @Override
        public int sampleRate() {
            return model.sampleRate();
        }

        @Override
        public int nFft() {
            return model.nFft();
        }

        @Override
        public int hopLength() {
            return model.hopLength();
        }

        @Override
        public float[][] gains(ComplexSpectrogram noisy) {
            synchronized (this) {
                return model.gains(noisy);
            }
        }

        @Override
        public boolean complexOutput() {
            return model.complexOutput();
        }

        @Override
        public PitchPostFilter.Settings postFilter() {
            return model.postFilter();
        }

        @Override
        public ComplexSpectrogram enhance(ComplexSpectrogram noisy) {
            synchronized (this) {
                return model.enhance(noisy);
            }
        }
    }
}
