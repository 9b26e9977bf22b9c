package dev.sonicsaviors.io;

import java.nio.file.Path;
import java.util.Locale;

/**
 * An output file format: WAV (16- or 24-bit PCM, or 32-bit IEEE float, {@code bits} 32) or FLAC (16 or 24 bits).
 *
 * @param flac true for FLAC, false for WAV
 * @param bits bits per sample: 16 or 24, or 32 (float) for WAV
 */
public record OutputFormat(boolean flac, int bits) {
    /** Names accepted by {@link #parse}: the container with an optional depth. */
    public static final String NAMES = "wav, wav16, wav24, wav32f, flac, flac16, flac24";

    /** Checks the depth: 16, 24 or (WAV only) 32. */
    public OutputFormat {
        if (!(bits == 16 || bits == 24 || bits == 32 && !flac)) {
            throw new IllegalArgumentException((flac ? "FLAC" : "WAV") + " output cannot have " + bits + " bits per sample");
        }
    }

    /**
     * Returns the format for a --format name ({@link #NAMES}); a name without a depth takes the depth the input suggests
     * ({@link #depthFor}); throws IllegalArgumentException for other names.
     */
    public static OutputFormat parse(String name, AudioSource input) {
        String n = name.toLowerCase(Locale.ROOT);
        return switch (n) {
            case "wav" -> new OutputFormat(false, depthFor(false, input));
            case "wav16" -> new OutputFormat(false, 16);
            case "wav24" -> new OutputFormat(false, 24);
            case "wav32f", "wav32" -> new OutputFormat(false, 32);
            case "flac" -> new OutputFormat(true, depthFor(true, input));
            case "flac16" -> new OutputFormat(true, 16);
            case "flac24" -> new OutputFormat(true, 24);
            default -> throw new IllegalArgumentException("unknown format '" + name + "' (known: " + NAMES + ")");
        };
    }

    /** Returns whether {@code name} is one of {@link #NAMES}. */
    public static boolean known(String name) {
        return java.util.List.of("wav", "wav16", "wav24", "wav32f", "wav32", "flac", "flac16", "flac24")
                .contains(name.toLowerCase(Locale.ROOT));
    }

    /** Returns the container an output name asks for: FLAC for a name ending in .flac, WAV otherwise. */
    public static boolean flacByName(Path output) {
        Path name = output.getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".flac");
    }

    /**
     * Returns the depth that keeps the input's resolution: 16 bits for 16-bit or smaller PCM, compressed and lossy input,
     * 24 for 24-bit (and 32-bit integer) PCM, and for float input 32-bit float in WAV or 24 bits in FLAC.
     */
    public static int depthFor(boolean flac, AudioSource input) {
        String codec = input.codec();
        int bits = input.bitsPerSample();
        if (codec.startsWith("mp") || codec.contains("law") || bits <= 16) {
            return 16;
        }
        if (codec.startsWith("pcm_f")) {
            return flac ? 24 : 32;
        }
        return bits <= 24 || flac ? 24 : 32;
    }
}
