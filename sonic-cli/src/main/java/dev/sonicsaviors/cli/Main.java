package dev.sonicsaviors.cli;

import dev.sonicsaviors.io.AtomicFiles;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/** Entry point of the {@code sonic} command; the only place in the project that exits the JVM. */
public final class Main {
    private Main() {
    }

    /**
     * Runs the CLI with the process's standard streams and exits with its code (0 ok, 1 failure, 2 usage); when the
     * process is stopped before that (Ctrl-C, SIGTERM) it removes unfinished output files and says so in one line.
     */
    public static void main(String[] args) {
        String errFd = System.getProperty("sonic.stderr.fd");
        if (errFd != null) { // the launcher hands Java a copy of the error stream and filters native logging from fd 2
            PrintStream err = descriptorStream(errFd);
            if (err != null) {
                System.setErr(err);
            }
        }
        AtomicBoolean finished = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!finished.get()) {
                AtomicFiles.removeTemporaries(); // also done by sonic-io's own hook, whichever runs first
                System.err.println("sonic: interrupted; unfinished output removed (finished files are kept)");
                System.err.flush();
            }
        }, "sonic-interrupted"));
        int code = SonicCli.run(args, System.out, System.err);
        finished.set(true);
        System.exit(code);
    }

    /**
     * Returns a stream writing to the inherited file descriptor {@code number} (the same open file, sharing its offset with
     * the shell's copy, which reopening /dev/fd/N would not), or null when this Java does not allow it (the launcher opens
     * java.io to make it possible).
     */
    private static PrintStream descriptorStream(String number) {
        try {
            FileDescriptor fd = new FileDescriptor();
            java.lang.reflect.Field f = FileDescriptor.class.getDeclaredField("fd");
            f.setAccessible(true);
            f.setInt(fd, Integer.parseInt(number));
            return new PrintStream(new FileOutputStream(fd), true, StandardCharsets.UTF_8);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
