package dev.sonicsaviors.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
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
        cli.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST, SonicCli::commandList);
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

    /** Lists the subcommands, each with the first whole sentence of its description (never cut mid-word). */
    private static String commandList(CommandLine.Help help) {
        Map<String, CommandLine.Help> subs = help.subcommands();
        if (subs.isEmpty()) {
            return "";
        }
        int name = 2 + subs.keySet().stream().mapToInt(String::length).max().orElse(10) + 2;
        int width = help.commandSpec().usageMessage().width();
        CommandLine.Help.TextTable table = CommandLine.Help.TextTable.forColumns(help.colorScheme(),
                new CommandLine.Help.Column(name, 2, CommandLine.Help.Column.Overflow.SPAN),
                new CommandLine.Help.Column(Math.max(20, width - name), 2, CommandLine.Help.Column.Overflow.WRAP));
        for (Map.Entry<String, CommandLine.Help> e : subs.entrySet()) {
            CommandLine.Model.UsageMessageSpec u = e.getValue().commandSpec().usageMessage();
            table.addRowValues(e.getKey(), firstSentence(u.header().length > 0 ? u.header() : u.description()));
        }
        return table.toString();
    }

    /** Returns the first sentence of a description: up to the first ". " or the end, ending with a full stop. */
    static String firstSentence(String[] lines) {
        String all = String.join(" ", lines).replace("%n", " ").replaceAll("\\s+", " ").strip();
        int end = all.indexOf(". ");
        String s = end >= 0 ? all.substring(0, end + 1) : all;
        if (s.endsWith(":")) {
            s = s.substring(0, s.length() - 1) + ".";
        }
        return s.endsWith(".") || s.isEmpty() ? s : s + ".";
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

    /** Returns the project version, from the version.properties that the build writes (the jar manifest as a fallback). */
    static String version() {
        try (java.io.InputStream in = SonicCli.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                java.util.Properties p = new java.util.Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null && !v.isBlank() && !v.startsWith("$")) {
                    return v;
                }
            }
        } catch (java.io.IOException ignored) {
            // fall back to the manifest
        }
        String v = SonicCli.class.getPackage().getImplementationVersion();
        return v == null ? "(unknown version)" : v;
    }

    /** Supplies the version shown by {@code sonic --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"sonic " + version()};
        }
    }
}
