package dev.sonicsaviors.cli;

import dev.sonicsaviors.io.AtomicFiles;
import java.io.FileOutputStream;
import java.io.IOException;
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
        String errPath = System.getProperty("sonic.stderr");
        if (errPath != null) { // the launcher hands Java a copy of the error stream and drops native logging
            try {
                System.setErr(new PrintStream(new FileOutputStream(errPath, true), true, StandardCharsets.UTF_8));
            } catch (IOException | SecurityException e) {
                // keep the original stream
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
}
