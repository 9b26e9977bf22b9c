package dev.sonicsaviors.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Decodes an audio file by sniffing its content (not its extension): RIFF/WAVE or RF64, FLAC, or MPEG audio. */
public final class AudioReader {
    private static final int SNIFF = 16;

    private AudioReader() {}

    /**
     * Opens {@code file} for reading frames on demand: a WAV file (by content) as a {@link WavSource}, which reads only
     * the frames asked for; FLAC with its length in STREAMINFO as a {@link FlacSource}, which decodes front to back and
     * keeps only what recent reads need; MP3 likewise as an {@link Mp3Source}; anything else (and FLAC of unknown length)
     * is decoded whole into memory first (as {@link #read(Path)}); a file of 0 samples is an error. "-" (standard input),
     * a named pipe or a device is first copied to a temporary file, deleted when the source is closed; errors call
     * standard input "stdin".
     */
    public static AudioSource open(Path file) throws IOException {
        if (isStream(file)) {
            Path spool = spool(file);
            try {
                return new SpooledSource(open(spool), spool, displayName(file));
            } catch (AudioFormatException e) {
                AtomicFiles.deleteTracked(spool);
                throw new AudioFormatException(displayName(file), e.problem());
            } catch (IOException | RuntimeException e) {
                AtomicFiles.deleteTracked(spool);
                throw e;
            }
        }
        if (Files.isDirectory(file)) {
            throw new AudioFormatException(file, "is a directory, not an audio file");
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(4);
        }
        AudioSource s = switch (kind(head)) {
            case WAV -> WavSource.open(file);
            case FLAC -> FlacSource.open(file);
            case MPEG -> Mp3Source.open(file);
            case UNKNOWN -> AudioSource.of(read(file));
        };
        if (s.frames() == 0) {
            s.close();
            throw noAudio(file);
        }
        return s;
    }

    /** The error for a file whose header is valid but which holds no audio. */
    private static AudioFormatException noAudio(Path file) {
        return new AudioFormatException(file, "no audio (the header is valid but the file holds 0 samples)");
    }

    /**
     * Reads and decodes {@code file} as WAV, FLAC or MP3, whichever its first bytes say it is; 0 samples is an error;
     * "-" (standard input), a named pipe or a device is copied to a temporary file first.
     */
    public static AudioData read(Path file) throws IOException {
        if (isStream(file)) {
            Path spool = spool(file);
            try {
                return read(spool);
            } catch (AudioFormatException e) {
                throw new AudioFormatException(displayName(file), e.problem());
            } finally {
                AtomicFiles.deleteTracked(spool);
            }
        }
        if (Files.isDirectory(file)) {
            throw new AudioFormatException(file, "is a directory, not an audio file");
        }
        try (InputStream raw = Files.newInputStream(file)) {
            BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
            in.mark(SNIFF);
            byte[] head = in.readNBytes(SNIFF);
            in.reset();
            if (head.length == 0) {
                throw new AudioFormatException(file, "empty file");
            }
            AudioData audio = switch (kind(head)) {
                case WAV -> WavReader.read(file); // it refuses files too large for memory
                case FLAC -> FlacReader.read(file, in);
                case MPEG -> Mp3Reader.read(file, in);
                case UNKNOWN -> throw new AudioFormatException(file, "not an audio file (" + describe(head)
                        + "; expected WAV, FLAC or MP3)");
            };
            if (audio.frames() == 0) {
                throw noAudio(file);
            }
            return audio;
        }
    }

    /** Returns whether {@code file} is "-" (standard input). */
    public static boolean isStdin(Path file) {
        return file.toString().equals("-");
    }

    /** Returns whether {@code file} is read as a stream: "-" (standard input), a named pipe, a device or a socket. */
    static boolean isStream(Path file) {
        return isStdin(file) || Files.exists(file) && !Files.isRegularFile(file) && !Files.isDirectory(file);
    }

    /** Returns the name used in errors: "stdin" for "-", else the path. */
    static Path displayName(Path file) {
        return isStdin(file) ? Path.of("stdin") : file;
    }

    /**
     * Copies a stream input (standard input for "-", else the named pipe or device) to a temporary file, removed on close
     * or at shutdown, so that the readers can seek in it; memory stays bounded whatever its length.
     */
    private static Path spool(Path file) throws IOException {
        Path spool = AtomicFiles.createTrackedTempFile("sonic-input-", ".spool");
        try (InputStream in = isStdin(file) ? new NonClosingInput(System.in) : Files.newInputStream(file)) {
            Files.copy(in, spool, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            AtomicFiles.deleteTracked(spool);
            throw e;
        }
        return spool;
    }

    /** Keeps System.in open when a spool is done with it. */
    private static final class NonClosingInput extends java.io.FilterInputStream {
        NonClosingInput(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // standard input stays open
        }
    }

    /** A source over a spooled copy of a stream input: errors name the input, and closing deletes the copy. */
    private static final class SpooledSource implements AudioSource {
        private final AudioSource inner;
        private final Path spool;
        private final Path name;

        SpooledSource(AudioSource inner, Path spool, Path name) {
            this.inner = inner;
            this.spool = spool;
            this.name = name;
        }

        @Override
        public int channelCount() {
            return inner.channelCount();
        }

        @Override
        public int sampleRate() {
            return inner.sampleRate();
        }

        @Override
        public long frames() {
            return inner.frames();
        }

        @Override
        public int bitsPerSample() {
            return inner.bitsPerSample();
        }

        @Override
        public String codec() {
            return inner.codec();
        }

        @Override
        public void read(long offset, float[][] dest, int destOffset, int n) throws IOException {
            try {
                inner.read(offset, dest, destOffset, n);
            } catch (AudioFormatException e) {
                throw new AudioFormatException(name, e.problem());
            }
        }

        @Override
        public void close() throws IOException {
            try {
                inner.close();
            } finally {
                AtomicFiles.deleteTracked(spool);
            }
        }
    }

    /** The container a file's first bytes announce. */
    private enum Kind { WAV, FLAC, MPEG, UNKNOWN }

    /** Returns the container that the first bytes {@code head} (at least 4 when the file has them) announce. */
    private static Kind kind(byte[] head) {
        String magic = head.length >= 4 ? WavReader.ascii(head, 0, 4) : "";
        if (magic.equals("RIFF") || magic.equals("RF64") || magic.equals("BW64") || magic.equals("RIFX")) {
            return Kind.WAV;
        }
        if (magic.equals("fLaC")) {
            return Kind.FLAC;
        }
        if (magic.startsWith("ID3") || isMpegFrameHeader(head)) {
            return Kind.MPEG;
        }
        return Kind.UNKNOWN;
    }

    /** Returns true when {@code h} starts with a plausible MPEG audio frame header. */
    static boolean isMpegFrameHeader(byte[] h) {
        if (h.length < 4 || (h[0] & 0xFF) != 0xFF || (h[1] & 0xE0) != 0xE0) {
            return false;
        }
        int version = (h[1] >> 3) & 3;
        int layer = (h[1] >> 1) & 3;
        int bitrate = (h[2] >> 4) & 0x0F;
        int rate = (h[2] >> 2) & 3;
        return version != 1 && layer != 0 && bitrate != 0x0F && rate != 3;
    }

    private static String describe(byte[] h) {
        String s = WavReader.ascii(h, 0, h.length);
        if (h.length >= 8 && (h[0] & 0xFF) == 0x89 && s.startsWith("PNG", 1)) {
            return "PNG image";
        }
        if (h.length >= 3 && (h[0] & 0xFF) == 0xFF && (h[1] & 0xFF) == 0xD8) {
            return "JPEG image";
        }
        if (s.startsWith("OggS")) {
            return "Ogg container, unsupported codec";
        }
        if (s.startsWith("%PDF")) {
            return "PDF document";
        }
        if (s.startsWith("PK")) {
            return "ZIP archive";
        }
        if (s.startsWith("\u0093NUMPY")) {
            return ".npy array";
        }
        if (h.length >= 8 && s.startsWith("ftyp", 4)) {
            return "MP4/M4A container, unsupported";
        }
        boolean text = true;
        for (byte b : h) {
            int c = b & 0xFF;
            text &= c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c != 0x7F);
        }
        if (text) { // bytes above 0x7F are text only as UTF-8 (a character may be cut at the end of the sniffed bytes)
            java.nio.charset.CharsetDecoder utf8 = java.nio.charset.StandardCharsets.UTF_8.newDecoder();
            java.nio.CharBuffer chars = java.nio.CharBuffer.allocate(h.length);
            java.nio.charset.CoderResult r = utf8.decode(java.nio.ByteBuffer.wrap(h), chars, false);
            text = !r.isError();
        }
        if (text) {
            return "looks like text";
        }
        StringBuilder sb = new StringBuilder("unrecognised content, first bytes");
        for (int i = 0; i < Math.min(4, h.length); i++) {
            sb.append(String.format(" %02X", h[i] & 0xFF));
        }
        return sb.toString();
    }
}
