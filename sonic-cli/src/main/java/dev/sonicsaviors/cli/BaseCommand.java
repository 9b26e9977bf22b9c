package dev.sonicsaviors.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Common base of the subcommands: holds the injected output streams. */
abstract class BaseCommand implements Callable<Integer> {
    SonicCli.Streams streams = new SonicCli.Streams(System.out, System.err);

    @Spec
    CommandSpec spec;

    /** Returns a usage error (exit code 2) for this command with a one-line message. */
    CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /** Returns the stream for results. */
    PrintStream out() {
        return streams.out();
    }

    /** Returns the stream for progress and diagnostics. */
    PrintStream err() {
        return streams.err();
    }

    /** Throws a usage error when {@code model} names an existing folder that holds no model (no model.json in it or in model/). */
    void checkModelFolder(String model) {
        java.nio.file.Path p = java.nio.file.Path.of(model);
        if (java.nio.file.Files.isDirectory(p)
                && !dev.sonicsaviors.model.ModelFiles.exists(dev.sonicsaviors.pipeline.denoise.Predictor.modelFolder(p))) {
            throw usage("--model " + model + ": not a model folder (no " + dev.sonicsaviors.model.ModelFiles.MODEL_JSON
                    + " in it or in its model/ folder)");
        }
    }

    /** Parses a case-insensitive enum constant or fails with a usage error naming the option. */
    <E extends Enum<E>> E parseEnum(Class<E> type, String value, String option) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(value)) {
                return e;
            }
        }
        throw usage("bad " + option + " '" + value + "': expected one of "
                + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(java.util.Locale.ROOT));
    }
}
