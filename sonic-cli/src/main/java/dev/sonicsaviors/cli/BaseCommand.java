package dev.sonicsaviors.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/** Common base of the subcommands: holds the injected output streams. */
abstract class BaseCommand implements Callable<Integer> {
    SonicCli.Streams streams = new SonicCli.Streams(System.out, System.err);

    /** Returns the stream for results. */
    PrintStream out() {
        return streams.out();
    }

    /** Returns the stream for progress and diagnostics. */
    PrintStream err() {
        return streams.err();
    }
}
