package dev.sonicsaviors.cli;

import dev.sonicsaviors.pipeline.Progress;
import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A {@link Progress} listener that draws a console progress bar (me.tongfei:progressbar) on the error stream. */
final class CliProgress implements Progress {
    private final PrintStream err;
    private final boolean quiet;
    private ProgressBar bar;

    /** Creates a listener drawing on {@code err}; with {@code quiet} it draws nothing. */
    CliProgress(PrintStream err, boolean quiet) {
        this.err = err;
        this.quiet = quiet;
    }

    @Override
    public synchronized void start(String task, long total) {
        done();
        if (quiet) {
            return;
        }
        bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250)
                .showSpeed()
                .setConsumer(new ConsoleProgressBarConsumer(err))
                .build();
    }

    @Override
    public synchronized void step(long n) {
        if (bar != null) {
            bar.stepBy(n);
        }
    }

    @Override
    public synchronized void done() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
