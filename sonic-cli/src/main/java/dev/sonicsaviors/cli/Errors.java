package dev.sonicsaviors.cli;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** Turns exceptions into the one-line messages users see. */
final class Errors {
    private Errors() {
    }

    /** Returns a single line describing {@code e} for a user, naming the file where one is involved. */
    static String oneLine(Throwable e) {
        String msg;
        if (e instanceof NoSuchFileException n) {
            msg = n.getFile() + ": no such file or folder";
        } else if (e instanceof AccessDeniedException a) {
            msg = a.getFile() + ": permission denied";
        } else if (e instanceof NotDirectoryException d) {
            msg = d.getFile() + ": not a folder";
        } else if (e instanceof FileAlreadyExistsException f) {
            msg = f.getFile() + ": already exists";
        } else if (e instanceof OutOfMemoryError) {
            msg = "out of memory (raise -Xmx through SONIC_JAVA_OPTS)";
        } else {
            msg = e.getMessage();
            if (msg == null || msg.isBlank()) {
                msg = e.getClass().getSimpleName();
            }
        }
        return msg.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }
}
