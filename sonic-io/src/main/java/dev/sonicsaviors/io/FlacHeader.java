package dev.sonicsaviors.io;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Path;

/**
 * Reads the metadata blocks at the head of a FLAC stream itself and hands the decoder only "fLaC", the STREAMINFO block
 * and the frames: jflac trusts the lengths inside other blocks (a Vorbis comment claiming gigabytes made it run out of
 * memory, found by DecoderFuzzTest), and none of them is needed to decode.
 */
final class FlacHeader {
    private static final int STREAMINFO = 0;
    private static final int STREAMINFO_LENGTH = 34;

    private FlacHeader() {
    }

    /**
     * Returns a stream of {@code in}'s FLAC data with every metadata block but STREAMINFO left out; {@code in} must be at
     * the "fLaC" marker. A marker, STREAMINFO or block that the data ends inside is truncated header.
     */
    static InputStream streamInfoOnly(Path file, InputStream in) throws IOException {
        byte[] magic = in.readNBytes(4);
        if (magic.length == 0) {
            throw new AudioFormatException(file, "empty file");
        }
        if (magic.length < 4 || !WavReader.ascii(magic, 0, 4).equals("fLaC")) {
            throw new AudioFormatException(file, magic.length < 4 ? "truncated header" : "not a FLAC file (no fLaC marker)");
        }
        byte[] info = null;
        boolean last = false;
        for (int block = 0; !last; block++) {
            byte[] h = in.readNBytes(4);
            if (h.length < 4) {
                throw new AudioFormatException(file, "truncated header (the file ends in metadata block " + block + ")");
            }
            last = (h[0] & 0x80) != 0;
            int type = h[0] & 0x7F;
            int length = ((h[1] & 0xFF) << 16) | ((h[2] & 0xFF) << 8) | (h[3] & 0xFF);
            if (block == 0 && (type != STREAMINFO || length != STREAMINFO_LENGTH)) {
                throw new AudioFormatException(file, "corrupt header (the first metadata block is not a 34-byte STREAMINFO)");
            }
            if (type == 127) {
                throw new AudioFormatException(file, "corrupt header (metadata block " + block + " has the invalid type 127)");
            }
            if (block == 0) {
                info = in.readNBytes(STREAMINFO_LENGTH);
                if (info.length < STREAMINFO_LENGTH) {
                    throw new AudioFormatException(file, "truncated header (the file ends in STREAMINFO)");
                }
            } else {
                skipFully(file, in, length, block);
            }
        }
        byte[] head = new byte[4 + 4 + STREAMINFO_LENGTH];
        System.arraycopy(magic, 0, head, 0, 4);
        head[4] = (byte) 0x80; // last metadata block, STREAMINFO
        head[5] = 0;
        head[6] = 0;
        head[7] = STREAMINFO_LENGTH;
        System.arraycopy(info, 0, head, 8, STREAMINFO_LENGTH);
        return new SequenceInputStream(new ByteArrayInputStream(head), in);
    }

    private static void skipFully(Path file, InputStream in, long n, int block) throws IOException {
        try {
            in.skipNBytes(n);
        } catch (EOFException e) {
            throw new AudioFormatException(file, "truncated header (metadata block " + block + " runs past the end of the file)");
        }
    }
}
