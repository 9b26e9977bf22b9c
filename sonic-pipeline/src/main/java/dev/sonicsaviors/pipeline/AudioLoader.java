package dev.sonicsaviors.pipeline;

import dev.sonicsaviors.dsp.Resampler;
import dev.sonicsaviors.io.AudioData;
import dev.sonicsaviors.io.AudioReader;
import java.io.IOException;
import java.nio.file.Path;

/** Loads any supported audio file (WAV, FLAC, MP3) as mono {@code float[sample]} at a chosen sample rate. */
public final class AudioLoader {

    private AudioLoader() {}

    /**
     * Decodes {@code file} (content-sniffed), mixes it to mono by the mean of its channels and resamples it to
     * {@code targetRate} Hz when its own rate differs; returns {@code float[sample]} in roughly [-1, 1].
     */
    public static float[] loadMono(Path file, int targetRate) throws IOException {
        if (targetRate <= 0) {
            throw new IllegalArgumentException("target sample rate must be positive, got " + targetRate + " Hz");
        }
        AudioData audio = AudioReader.read(file);
        float[] mono = audio.toMono();
        if (audio.sampleRate() == targetRate) {
            return mono;
        }
        return Resampler.resample(mono, audio.sampleRate(), targetRate);
    }
}
