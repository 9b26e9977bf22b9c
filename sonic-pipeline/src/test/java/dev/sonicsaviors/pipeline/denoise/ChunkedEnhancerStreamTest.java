package dev.sonicsaviors.pipeline.denoise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sonicsaviors.dsp.Resampler;
import dev.sonicsaviors.dsp.noise.SyntheticSpeech;
import dev.sonicsaviors.io.AudioData;
import dev.sonicsaviors.io.AudioSink;
import dev.sonicsaviors.io.AudioSource;
import dev.sonicsaviors.pipeline.Progress;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** {@link ChunkedEnhancer#process(AudioSource, AudioSink, Progress)} equals the in-memory path bit for bit, reading and writing a segment at a time. */
class ChunkedEnhancerStreamTest {

    /** Collects what a sink receives, frame blocks in order, and the largest block. */
    static final class Collector implements AudioSink {
        final float[][] out;
        int frames;
        int largest;

        Collector(int channels, int capacity) {
            out = new float[channels][capacity];
        }

        @Override
        public void write(float[][] block, int offset, int n) {
            assertThat(block).hasNumberOfRows(out.length);
            for (int c = 0; c < out.length; c++) {
                System.arraycopy(block[c], offset, out[c], frames, n);
            }
            frames += n;
            largest = Math.max(largest, n);
        }
    }

    /** Wraps a source and records the largest read and that reads never go backwards past a finished frame. */
    static final class Watched implements AudioSource {
        final AudioSource in;
        final List<long[]> reads = new ArrayList<>();

        Watched(AudioSource in) {
            this.in = in;
        }

        @Override
        public int channelCount() {
            return in.channelCount();
        }

        @Override
        public int sampleRate() {
            return in.sampleRate();
        }

        @Override
        public long frames() {
            return in.frames();
        }

        @Override
        public int bitsPerSample() {
            return in.bitsPerSample();
        }

        @Override
        public String codec() {
            return in.codec();
        }

        @Override
        public void read(long offset, float[][] dest, int destOffset, int n) throws IOException {
            reads.add(new long[] {offset, n});
            in.read(offset, dest, destOffset, n);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    static float[][] channels(int count, int n, int rate, boolean speech) {
        float[][] x = new float[count][];
        for (int c = 0; c < count; c++) {
            x[c] = speech ? ChunkedEnhancerTest.noisy(SyntheticSpeech.voiced(n, rate, 20 + c), 0.03, 30 + c)
                    : ChunkedEnhancerTest.sine(n, rate);
            if (!speech && c > 0) {
                for (int i = 0; i < n; i++) {
                    x[c][i] *= 1 - 0.3f * c; // a different level per channel
                }
            }
        }
        return x;
    }

    static float[][] deepCopy(float[][] x) {
        float[][] y = new float[x.length][];
        for (int c = 0; c < x.length; c++) {
            y[c] = x[c].clone();
        }
        return y;
    }

    /** Streams {@code x} through {@code e} and checks it against processInPlace bit for bit; returns the collector. */
    static Collector streamAndCompare(ChunkedEnhancer e, float[][] x, int rate, String what) throws IOException {
        int n = x[0].length;
        float[][] expected = deepCopy(x);
        AtomicLong inPlaceSteps = new AtomicLong();
        e.processInPlace(expected, rate, counting(inPlaceSteps));
        Collector sink = new Collector(x.length, n);
        AtomicLong steps = new AtomicLong();
        Watched source = new Watched(AudioSource.of(new AudioData(deepCopy(x), rate, 16, "pcm_s16le")));
        e.process(source, sink, counting(steps));
        assertThat(sink.frames).as(what).isEqualTo(n);
        for (int c = 0; c < x.length; c++) {
            assertThat(Arrays.mismatch(sink.out[c], expected[c])).as("%s channel %d: first difference", what, c).isEqualTo(-1);
        }
        assertThat(steps.get()).as(what).isEqualTo((long) n * x.length).isEqualTo(inPlaceSteps.get());
        // Reads move forward: each segment starts after the previous one did (they overlap by the context only).
        for (int i = 1; i < source.reads.size(); i++) {
            assertThat(source.reads.get(i)[0]).isGreaterThan(source.reads.get(i - 1)[0]);
        }
        return sink;
    }

    static Progress counting(AtomicLong steps) {
        return new Progress() {
            @Override
            public void start(String task, long total) {
            }

            @Override
            public void step(long k) {
                steps.addAndGet(k);
            }

            @Override
            public void done() {
            }
        };
    }

    @Test
    void identityModelSineStreamsBitIdenticallyForSeveralLayoutsAndRates() throws IOException {
        ChunkedEnhancer.Layout[] layouts = {ChunkedEnhancerTest.SMALL, new ChunkedEnhancer.Layout(1.3, 0.25, 0.05),
            new ChunkedEnhancer.Layout(3, 0, 0.5), new ChunkedEnhancer.Layout(100, 1, 0.2)};
        for (int rate : new int[] {22050, 44100, 16000}) {
            for (ChunkedEnhancer.Layout layout : layouts) {
                ChunkedEnhancer e = new ChunkedEnhancer(ChunkedEnhancerTest.IDENTITY, 1, layout, ChunkedEnhancer.Reconstruct.MASK);
                for (int n : new int[] {1, 100, rate * 2, rate * 7 + 13}) {
                    streamAndCompare(e, channels(1, n, rate, false), rate, rate + " Hz " + layout + " n = " + n);
                }
            }
        }
    }

    @Test
    void multichannelSpeechWithRealGainsStreamsBitIdentically() throws IOException {
        for (int rate : new int[] {48000, 22050}) {
            for (GainModel m : new GainModel[] {ClassicModels.wiener(), ClassicModels.spectralSubtraction()}) {
                ChunkedEnhancer e = new ChunkedEnhancer(m, 0.9, ChunkedEnhancerTest.SMALL, ChunkedEnhancer.Reconstruct.MASK);
                Collector sink = streamAndCompare(e, channels(3, rate * 9 + 5, rate, true), rate, m.name() + " " + rate + " Hz");
                // Memory stays bounded: no block handed on is longer than a chunk plus its context.
                assertThat(sink.largest).isLessThanOrEqualTo(3 * rate);
            }
        }
    }

    @Test
    void griffinLimStreamsBitIdentically() throws IOException {
        int rate = 32000;
        ChunkedEnhancer e = new ChunkedEnhancer(ClassicModels.wiener(), 1, ChunkedEnhancerTest.SMALL,
                ChunkedEnhancer.Reconstruct.GRIFFIN_LIM);
        streamAndCompare(e, channels(2, rate * 5 + 1, rate, true), rate, "griffin-lim");
    }

    @Test
    void defaultLayoutReadsBoundedSegmentsOfALongInput() throws IOException {
        int rate = 44100;
        int n = rate * 65;
        ChunkedEnhancer e = new ChunkedEnhancer(ChunkedEnhancerTest.IDENTITY, 1);
        Watched source = new Watched(AudioSource.of(new AudioData(channels(1, n, rate, false), rate, 16, "pcm_s16le")));
        Collector sink = new Collector(1, n);
        e.process(source, sink, Progress.NONE);
        assertThat(sink.frames).isEqualTo(n);
        assertThat(source.reads).hasSize(7); // 10 s chunks
        for (long[] r : source.reads) {
            assertThat(r[1]).isLessThanOrEqualTo(13L * rate); // a 10 s core with at most 1.1 s + rounding each side
        }
        assertThat(sink.largest).isLessThanOrEqualTo(11 * rate);
    }

    @Test
    void resamplingSinkEqualsResamplingTheWholeResult() throws IOException {
        int rate = 44100;
        float[][] x = channels(2, rate * 5 + 77, rate, true);
        ChunkedEnhancer e = new ChunkedEnhancer(ClassicModels.wiener(), 1, ChunkedEnhancerTest.SMALL, ChunkedEnhancer.Reconstruct.MASK);
        for (int to : new int[] {16000, 48000, 44100}) {
            float[][] expected = deepCopy(x);
            e.processInPlace(expected, rate, Progress.NONE);
            Resampler r = new Resampler(rate, to);
            int outLen = r.outputLength(x[0].length);
            Collector sink = new Collector(2, outLen);
            ResamplingSink resampling = new ResamplingSink(sink, 2, rate, to);
            e.process(AudioSource.of(new AudioData(deepCopy(x), rate, 16, "pcm_s16le")), resampling, Progress.NONE);
            resampling.finish();
            assertThat(sink.frames).isEqualTo(outLen);
            for (int c = 0; c < 2; c++) {
                assertThat(Arrays.mismatch(sink.out[c], r.process(expected[c]))).as("%d Hz channel %d", to, c).isEqualTo(-1);
            }
        }
    }

    @Test
    void aModelFailureOnAWorkerThreadReachesTheCaller() {
        int rate = 22050;
        GainModel broken = ClassicModels.of("broken", ClassicModels.RATE, ClassicModels.N_FFT, ClassicModels.HOP, s -> {
            float[][] g = new float[s.bins()][s.frames()];
            g[3][2] = Float.NaN;
            return g;
        });
        ChunkedEnhancer e = new ChunkedEnhancer(broken, 1, ChunkedEnhancerTest.SMALL, ChunkedEnhancer.Reconstruct.MASK);
        AudioSource in = AudioSource.of(new AudioData(channels(2, rate * 5, rate, false), rate, 16, "pcm_s16le"));
        Collector sink = new Collector(2, rate * 5);
        assertThatThrownBy(() -> e.process(in, sink, Progress.NONE))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("broken: gain is NaN");
        assertThat(sink.frames).isZero();
    }

    @Test
    void aModelFailureBesideTheHighBandThreadReachesTheCallerAndLeavesNoThread() throws InterruptedException {
        int rate = 48000; // another rate than the model's: the band above its path is denoised on a second thread
        GainModel broken = ClassicModels.of("broken", ClassicModels.RATE, ClassicModels.N_FFT, ClassicModels.HOP, s -> {
            float[][] g = new float[s.bins()][s.frames()];
            g[3][2] = Float.NaN;
            return g;
        });
        ChunkedEnhancer e = new ChunkedEnhancer(broken, 1, ChunkedEnhancerTest.SMALL, ChunkedEnhancer.Reconstruct.MASK);
        for (int channels = 1; channels <= 2; channels++) {
            AudioSource in = AudioSource.of(new AudioData(channels(channels, rate * 5, rate, false), rate, 16, "pcm_s16le"));
            Collector sink = new Collector(channels, rate * 5);
            assertThatThrownBy(() -> e.process(in, sink, Progress.NONE))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("broken: gain is NaN");
            assertThat(sink.frames).isZero();
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (bandThreads() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(bandThreads()).as("live sonic-denoise-band threads").isZero();
    }

    private static long bandThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("sonic-denoise-band") && t.isAlive()).count();
    }

    @Test
    void emptyInputWritesNothing() throws IOException {
        Collector sink = new Collector(2, 0);
        new ChunkedEnhancer(ChunkedEnhancerTest.IDENTITY, 1).process(
                AudioSource.of(new AudioData(new float[2][0], 16000, 16, "pcm_s16le")), sink, Progress.NONE);
        assertThat(sink.frames).isZero();
    }
}
