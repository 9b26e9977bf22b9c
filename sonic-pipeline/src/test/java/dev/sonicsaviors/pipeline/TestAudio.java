package dev.sonicsaviors.pipeline;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/** Synthetic test audio: 16-bit PCM WAV writing and a javax.sound loader (no resampling). */
final class TestAudio {

    private TestAudio() {
    }

    /** Loads 16-bit PCM WAV (any channel count, averaged) and rejects other rates than requested. */
    static final MonoLoader LOADER = (file, rate) -> {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(file.toFile())) {
            AudioFormat f = in.getFormat();
            if ((int) f.getSampleRate() != rate || f.getSampleSizeInBits() != 16) {
                throw new IOException(file + ": test loader needs 16-bit " + rate + " Hz");
            }
            byte[] b = in.readAllBytes();
            int ch = f.getChannels();
            ByteBuffer bb = ByteBuffer.wrap(b).order(f.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            int n = b.length / (2 * ch);
            float[] x = new float[n];
            for (int i = 0; i < n; i++) {
                float s = 0;
                for (int c = 0; c < ch; c++) {
                    s += bb.getShort() / 32768f;
                }
                x[i] = s / ch;
            }
            return x;
        } catch (UnsupportedAudioFileException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    };

    static void writeWav(Path file, float[] x, int rate) throws IOException {
        writeWav(file, new float[][] {x}, rate);
    }

    static void writeWav(Path file, float[][] channels, int rate) throws IOException {
        int ch = channels.length;
        int n = channels[0].length;
        ByteBuffer bb = ByteBuffer.allocate(n * ch * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            for (float[] c : channels) {
                bb.putShort((short) Math.round(Math.max(-1, Math.min(1, c[i])) * 32767));
            }
        }
        AudioFormat f = new AudioFormat(rate, 16, ch, true, false);
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(bb.array()), f, n)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
        }
    }

    /** A speech-like test signal: harmonic tone with a syllable envelope plus a little noise. */
    static float[] voice(int n, double f0, long seed, int rate) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            double t = (double) i / rate;
            double env = 0.5 + 0.5 * Math.sin(2 * Math.PI * 3 * t);
            double v = 0;
            for (int h = 1; h <= 5; h++) {
                v += Math.sin(2 * Math.PI * f0 * h * t) / h;
            }
            x[i] = (float) (0.2 * env * v + 0.005 * r.nextGaussian());
        }
        return x;
    }
}
