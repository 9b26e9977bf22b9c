package dev.sonicsaviors.io;

import static dev.sonicsaviors.io.WavReaderTest.resource;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * MP3s made by LAME 3.100 from a known signal ({@code audio/mp3-align/make.py}) decode in line with that signal: the
 * best cross-correlation lag is within one sample of 0, and with a LAME tag the length is the source's, as ffmpeg gives.
 */
class Mp3AlignmentTest {
    private static final double SECONDS = 0.7;

    /** The source signal of make.py: chirps (left up, right down) under a 3 Hz envelope, as 16-bit values / 32768. */
    static float[][] source(int rate, int channels) {
        int n = (int) (rate * SECONDS);
        double top = 0.4 * rate / 2;
        float[][] x = new float[channels][n];
        for (int i = 0; i < n; i++) {
            double t = i / (double) rate;
            double env = 0.3 + 0.2 * Math.sin(2 * Math.PI * 3 * t);
            for (int c = 0; c < channels; c++) {
                double f0 = c == 0 ? 100 : top;
                double f1 = c == 0 ? top : 100;
                double phase = 2 * Math.PI * (f0 * t + (f1 - f0) * t * t / (2 * SECONDS));
                x[c][i] = Math.max(-32768, Math.min(32767, Math.round(32767 * env * Math.sin(phase)))) / 32768f;
            }
        }
        return x;
    }

    /** Returns the lag (decoded index minus source index) in [-max, max] with the highest normalised correlation. */
    static int bestLag(float[] src, float[] dec, int max) {
        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int lag = -max; lag <= max; lag++) {
            double xy = 0;
            double yy = 0;
            double xx = 0;
            int from = Math.max(0, -lag);
            int to = Math.min(src.length, dec.length - lag);
            for (int i = from; i < to; i++) {
                double a = src[i];
                double b = dec[i + lag];
                xy += a * b;
                xx += a * a;
                yy += b * b;
            }
            double score = xx > 0 && yy > 0 ? xy / Math.sqrt(xx * yy) : 0;
            if (score > bestScore) {
                bestScore = score;
                best = lag;
            }
        }
        return best;
    }

    /** Returns the normalised correlation of the two signals at lag 0 over the source's length. */
    static double correlation(float[] src, float[] dec) {
        double xy = 0;
        double xx = 0;
        double yy = 0;
        for (int i = 0; i < Math.min(src.length, dec.length); i++) {
            xy += (double) src[i] * dec[i];
            xx += (double) src[i] * src[i];
            yy += (double) dec[i] * dec[i];
        }
        return xy / Math.sqrt(xx * yy);
    }

    @ParameterizedTest
    @CsvSource({
        "cbr_44k_stereo_tag.mp3, 44100, 2, true",
        "cbr_44k_stereo_notag.mp3, 44100, 2, false",
        "vbr_44k_stereo_tag.mp3, 44100, 2, true",
        "vbr_44k_mono_notag.mp3, 44100, 1, false",
        "cbr_22k_mono_mpeg2_tag.mp3, 22050, 1, true",
        "vbr_16k_stereo_mpeg2_tag.mp3, 16000, 2, true",
        "cbr_8k_mono_mpeg25_tag.mp3, 8000, 1, true",
        "cbr_11k_mono_mpeg25_notag.mp3, 11025, 1, false",
    })
    void decodedAudioLinesUpWithTheSource(String name, int rate, int channels, boolean tagged) throws IOException {
        Path file = resource("mp3-align/" + name);
        float[][] src = source(rate, channels);
        int n = src[0].length;
        AudioData whole = AudioReader.read(file);
        assertThat(whole.sampleRate()).isEqualTo(rate);
        assertThat(whole.channelCount()).isEqualTo(channels);
        if (tagged) {
            assertThat(whole.frames()).as("length from the LAME tag").isEqualTo(n);
        } else {
            assertThat(whole.frames()).as("length without a tag: the source and the last frame's padding")
                    .isBetween(n, n + 1152);
        }
        for (int c = 0; c < channels; c++) {
            int lag = bestLag(src[c], whole.channels()[c], 3000);
            assertThat(Math.abs(lag)).as("%s channel %d: lag %d samples", name, c, lag).isLessThanOrEqualTo(1);
            assertThat(correlation(src[c], whole.channels()[c])).as("%s channel %d", name, c).isGreaterThan(0.9);
        }
        try (AudioSource s = AudioReader.open(file)) {
            assertThat(s).isInstanceOf(Mp3Source.class);
            assertThat(s.frames()).isEqualTo(whole.frames());
            for (int c = 0; c < channels; c++) {
                assertThat(s.readChannel(c, 0, whole.frames())).containsExactly(whole.channels()[c]);
            }
        }
    }
}
