package dev.sonicsaviors.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code sonic} command line: builds the picocli command tree and maps failures to exit codes. */
@Command(name = "sonic", mixinStandardHelpOptions = true, versionProvider = SonicCli.Version.class,
        description = "Removes noise from speech with convolutional autoencoders (Sonic Saviors for the JVM).",
        subcommands = {FeaturesCommand.class, PrepareCommand.class, TrainCommand.class, PredictCommand.class, EdaCommand.class,
                MetricsCommand.class, EvaluateCommand.class, AddNoiseCommand.class, DenoiseCommand.class, BenchCommand.class,
                TrainDenoiserCommand.class, ServeCommand.class,
                CommandLine.HelpCommand.class})
public final class SonicCli {
    /** Exit code of a successful run. */
    public static final int OK = 0;
    /** Exit code of a run that failed on its input or environment. */
    public static final int FAILURE = 1;
    /** Exit code of a run with bad arguments. */
    public static final int USAGE = 2;

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces of errors.")
    boolean verbose;

    private SonicCli() {
    }

    /** Runs the CLI on {@code args}, writing to the given streams, and returns the exit code (0 ok, 1 failure, 2 usage). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Streams streams = new Streams(out, err);
        boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
        CommandLine cli = new CommandLine(new SonicCli(), new Factory(streams));
        cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cli.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? USAGE : FAILURE);
        cli.setParameterExceptionHandler((e, a) -> {
            PrintWriter w = e.getCommandLine().getErr();
            w.println("sonic: " + e.getMessage());
            w.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
            return USAGE;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter w = commandLine.getErr();
            w.println("sonic: " + Errors.oneLine(e));
            if (verbose) {
                e.printStackTrace(w);
            }
            w.flush();
            return FAILURE;
        });
        return cli.execute(args);
    }

    /** Standard output and error streams handed to every command. */
    record Streams(PrintStream out, PrintStream err) {
    }

    /** Creates command objects, passing them the injected streams. */
    private static final class Factory implements CommandLine.IFactory {
        private final Streams streams;
        private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

        Factory(Streams streams) {
            this.streams = streams;
        }

        @Override
        public <K> K create(Class<K> cls) throws Exception {
            if (BaseCommand.class.isAssignableFrom(cls)) {
                K k = fallback.create(cls);
                ((BaseCommand) k).streams = streams;
                return k;
            }
            return fallback.create(cls);
        }
    }

    /** Supplies the version shown by {@code sonic --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = SonicCli.class.getPackage().getImplementationVersion();
            return new String[] {"sonic " + (v == null ? "dev" : v)};
        }
    }
}
