package dev.sonicsaviors.web;

import dev.sonicsaviors.api.Cancellation;
import dev.sonicsaviors.api.ModelCard;
import dev.sonicsaviors.api.ProgressListener;
import dev.sonicsaviors.io.AudioData;
import dev.sonicsaviors.io.AudioFormatException;
import dev.sonicsaviors.io.AudioReader;
import dev.sonicsaviors.io.AudioSource;
import dev.sonicsaviors.io.WavWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One denoising run of an uploaded file: decodes the bytes (WAV, FLAC or MP3, by content) through a file with a
 * server-chosen name in the server's private temporary folder (deleted at once), checks the duration limit, denoises
 * through sonic-api and encodes 16-bit WAV in memory.
 */
final class Processing {

    /** The decoded upload and its denoised version ({@code [channel][sample]}, {@code sampleRate} Hz) and what it took. */
    record Result(float[][] noisy, float[][] denoised, int sampleRate, long processingMillis, ModelCard card) {

        /** Returns the duration in seconds. */
        double durationSeconds() {
            return noisy[0].length / (double) sampleRate;
        }
    }

    private final Path tempDir;
    private final double maxDurationSeconds;
    private final AtomicLong counter = new AtomicLong();

    Processing(Path tempDir, double maxDurationSeconds) {
        this.tempDir = tempDir;
        this.maxDurationSeconds = maxDurationSeconds;
    }

    /**
     * Decodes {@code upload}, denoises it with {@code lease}'s denoiser and returns both.
     *
     * @throws ApiException 400 for bytes that are not readable audio, 413 for audio over the duration limit, 503 when
     *         {@code cancel} stopped it (the time limit)
     */
    Result run(byte[] upload, DenoiserCache.Lease lease, ProgressListener progress, Cancellation cancel) throws IOException {
        long t0 = System.nanoTime();
        AudioData noisy = decode(upload);
        float[][] out = new float[noisy.channelCount()][noisy.frames()];
        int[] at = {0};
        try (AudioSource in = AudioSource.of(noisy)) {
            lease.denoiser().denoise(in, (frames, offset, n) -> {
                for (int c = 0; c < out.length; c++) {
                    System.arraycopy(frames[c], offset, out[c], at[0], n);
                }
                at[0] += n;
            }, progress, cancel);
        } catch (CancellationException e) {
            throw new ApiException(503, "processing stopped at the server's time limit; send shorter audio");
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        return new Result(noisy.channels(), out, noisy.sampleRate(), ms, lease.denoiser().card());
    }

    /** Decodes {@code upload}; the file it passes through is named by the server and deleted before this returns. */
    AudioData decode(byte[] upload) throws IOException {
        if (upload.length == 0) {
            throw new ApiException(400, "empty upload: send an audio file (WAV, FLAC or MP3)");
        }
        Path file = tempDir.resolve("upload-" + counter.incrementAndGet() + ".bin");
        try {
            Files.write(file, upload);
            try (AudioSource src = AudioReader.open(file)) {
                double seconds = src.durationSeconds();
                if (seconds > maxDurationSeconds) {
                    throw new ApiException(413, String.format(Locale.ROOT,
                            "audio too long: %.1f s, the limit is %.1f s", seconds, maxDurationSeconds));
                }
                if (src.frames() == 0) {
                    throw new ApiException(400, "the audio holds no samples");
                }
                float[][] ch = new float[src.channelCount()][(int) src.frames()];
                src.read(0, ch, 0, ch[0].length);
                return new AudioData(ch, src.sampleRate(), src.bitsPerSample(), src.codec());
            }
        } catch (AudioFormatException e) {
            throw new ApiException(400, "not readable audio: " + e.problem());
        } catch (ApiException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Decoder failures on hostile input; the message may name the temporary file, so it is not passed on.
            throw new ApiException(400, "not readable audio (expected WAV, FLAC or MP3)");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Returns {@code channels} ({@code [channel][sample]}, {@code sampleRate} Hz) as the bytes of a 16-bit PCM WAV file. */
    byte[] wav(float[][] channels, int sampleRate) throws IOException {
        Path file = tempDir.resolve("out-" + counter.incrementAndGet() + ".wav");
        try {
            WavWriter.write(file, channels, sampleRate, 16);
            return Files.readAllBytes(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Returns the mean of the channels of {@code channels} ({@code [channel][sample]}) as one mono signal. */
    static float[] mono(float[][] channels) {
        if (channels.length == 1) {
            return channels[0];
        }
        float[] m = new float[channels[0].length];
        for (float[] c : channels) {
            for (int i = 0; i < m.length; i++) {
                m[i] += c[i] / channels.length;
            }
        }
        return m;
    }
}
