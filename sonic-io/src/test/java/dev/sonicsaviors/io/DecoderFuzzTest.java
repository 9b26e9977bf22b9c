package dev.sonicsaviors.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Coverage-guided fuzz targets (Jazzer) for the decoders and the .npy reader: whatever the bytes, the only failure allowed
 * is the documented one-line {@link AudioFormatException} (an {@link IOException} for .npy), never another exception, a
 * hang or an allocation the input does not pay for. In the default suite they run in regression mode on the seed
 * corpus under {@code src/test/resources/dev/sonicsaviors/io/DecoderFuzzTestInputs/}; {@code -Pfuzz} fuzzes one target
 * for 10 minutes (see the parent pom).
 */
class DecoderFuzzTest {
    private static final Path FILE = Path.of("fuzzed");
    private static Path scratch;

    /** A file reused for the targets that need one (the streaming sources, .npy). */
    private static synchronized Path scratch(byte[] data) {
        try {
            if (scratch == null) {
                scratch = Files.createTempFile("sonic-fuzz", ".bin");
                scratch.toFile().deleteOnExit();
            }
            Files.write(scratch, data);
            return scratch;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Checks a decoded result: every sample finite, and in [-1, 1] unless the source is floating point (a float WAV may
     * hold overs, which are passed on; the writers clip them). Jazzer's first run found that case (seed float_overs.wav).
     */
    private static void check(AudioData a) {
        boolean floating = a.codec().startsWith("pcm_f");
        for (float[] ch : a.channels()) {
            for (float v : ch) {
                if (!Float.isFinite(v) || !floating && !(v >= -1f && v <= 1f)) {
                    throw new IllegalStateException("decoded sample out of range: " + v);
                }
            }
        }
    }

    @FuzzTest(maxDuration = "10m")
    void wav(byte[] data) {
        try {
            check(WavReader.read(FILE, new ByteArrayInputStream(data)));
        } catch (AudioFormatException expected) {
            // the documented failure
        } catch (IOException e) {
            throw new IllegalStateException("not an AudioFormatException", e);
        }
    }

    @FuzzTest(maxDuration = "10m")
    void flac(byte[] data) {
        try {
            check(FlacReader.read(FILE, new ByteArrayInputStream(data)));
        } catch (AudioFormatException expected) {
            // the documented failure
        } catch (IOException e) {
            throw new IllegalStateException("not an AudioFormatException", e);
        }
    }

    @FuzzTest(maxDuration = "10m")
    void mp3(byte[] data) {
        try {
            check(Mp3Reader.read(FILE, new ByteArrayInputStream(data)));
        } catch (AudioFormatException expected) {
            // the documented failure
        } catch (IOException e) {
            throw new IllegalStateException("not an AudioFormatException", e);
        }
    }

    /** The streaming sources (what denoise uses) agree with the whole-file readers (what features uses). */
    @FuzzTest(maxDuration = "10m")
    void sourcesAgreeWithReaders(byte[] data) {
        Path f = scratch(data);
        String readError = null;
        AudioData whole = null;
        try {
            whole = AudioReader.read(f);
        } catch (AudioFormatException e) {
            readError = e.problem();
        } catch (IOException e) {
            throw new IllegalStateException("read: not an AudioFormatException", e);
        }
        String openError = null;
        try (AudioSource s = AudioReader.open(f)) {
            long n = s.frames();
            if (whole != null && n != whole.frames()) {
                throw new IllegalStateException("the source has " + n + " frames, the reader " + whole.frames());
            }
            // in blocks: a corrupt header may announce billions of frames, which the source must refuse when they are read
            // (found by this target: a 111-byte FLAC announcing 2,078,043,030 samples ran the test itself out of memory)
            int block = Math.max(1, (1 << 22) / s.channelCount());
            float[][] got = new float[s.channelCount()][(int) Math.min(block, n)];
            for (long a = 0; a < n; a += block) {
                int len = (int) Math.min(block, n - a);
                s.read(a, got, 0, len);
                for (int c = 0; whole != null && c < got.length; c++) {
                    if (!java.util.Arrays.equals(got[c], 0, len, whole.channels()[c], (int) a, (int) a + len)) {
                        throw new IllegalStateException("the source and the reader decode channel " + c + " differently");
                    }
                }
            }
        } catch (AudioFormatException e) {
            openError = e.problem();
        } catch (IOException e) {
            throw new IllegalStateException("open: not an AudioFormatException", e);
        }
        if ((readError == null) != (openError == null)) {
            throw new IllegalStateException("read says " + readError + ", open says " + openError);
        }
    }

    @FuzzTest(maxDuration = "10m")
    void npy(byte[] data) {
        try {
            NpyArray a = Npy.read(scratch(data));
            long n = 1;
            for (int d : a.shape()) {
                n *= d;
            }
            if (n != a.data().length) {
                throw new IllegalStateException("shape " + java.util.Arrays.toString(a.shape()) + " but " + a.data().length + " values");
            }
        } catch (IOException expected) {
            // the documented failure
        }
    }
}
