package dev.sonicsaviors.io;

import java.io.IOException;
import java.nio.file.Path;

/** An input file that cannot be decoded as audio; the message is one line, {@code <file>: <problem>}. */
public final class AudioFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The offending file; transient because {@link Path} is not serializable. */
    private final transient Path file;
    private final String problem;

    /** Creates the exception for {@code file} (may be null for a stream) with a one-line {@code problem}. */
    public AudioFormatException(Path file, String problem) {
        super(file + ": " + oneLine(problem));
        this.file = file;
        this.problem = oneLine(problem);
    }

    /** Returns the file that could not be decoded (null after deserialisation or when none was given). */
    public Path file() {
        return file;
    }

    /** Returns the problem, one line, without the file name. */
    public String problem() {
        return problem;
    }

    private static String oneLine(String s) {
        return s == null ? "unknown problem" : s.replaceAll("[\\r\\n]+", " ").strip();
    }

    /** Creates the exception with a cause attached (package helper for the readers). */
    static AudioFormatException of(Path file, String problem, Throwable cause) {
        AudioFormatException e = new AudioFormatException(file, problem);
        e.initCause(cause);
        return e;
    }
}
