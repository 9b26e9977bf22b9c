package dev.sonicsaviors.metrics;

/**
 * Thrown when PESQ cannot score a pair (for example the reference holds no utterance, a signal is silent, or the
 * input is shorter than the standard's minimum); the message is one line.
 */
public final class PesqException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a one-line message. */
    public PesqException(String message) {
        super(message);
    }
}
