package dev.sonicsaviors.cli;

/** Entry point of the {@code sonic} command; the only place in the project that exits the JVM. */
public final class Main {
    private Main() {
    }

    /** Runs the CLI with the process's standard streams and exits with its code (0 ok, 1 failure, 2 usage). */
    public static void main(String[] args) {
        System.exit(SonicCli.run(args, System.out, System.err));
    }
}
