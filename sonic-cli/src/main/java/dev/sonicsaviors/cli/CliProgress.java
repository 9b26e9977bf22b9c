package dev.sonicsaviors.cli;

import dev.sonicsaviors.pipeline.Progress;
import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A {@link Progress} listener for the error stream: a console progress bar (me.tongfei:progressbar) on a terminal; in a
 * log (not a terminal) one line at each tenth of the work, so never more than ten lines for a task.
 */
final class CliProgress implements Progress {
    private final PrintStream err;
    private final boolean quiet;
    private final boolean terminal;
    private ProgressBar bar;
    private String task;
    private long total;
    private long done;
    private int tenths;

    /** Creates a listener drawing on {@code err}; with {@code quiet} it draws nothing. */
    CliProgress(PrintStream err, boolean quiet) {
        this(err, quiet, onTerminal());
    }

    /** Creates a listener drawing on {@code err} as a bar ({@code terminal}) or as lines at each tenth. */
    CliProgress(PrintStream err, boolean quiet, boolean terminal) {
        this.err = err;
        this.quiet = quiet;
        this.terminal = terminal;
    }

    /** Returns whether the error stream is a terminal: the launcher says so (sonic.stderr.tty), else whether there is a console. */
    static boolean onTerminal() {
        String p = System.getProperty("sonic.stderr.tty");
        return p != null ? Boolean.parseBoolean(p) : System.console() != null;
    }

    @Override
    public synchronized void start(String task, long total) {
        done();
        if (quiet) {
            return;
        }
        if (!terminal) {
            this.task = task;
            this.total = total;
            this.done = 0;
            this.tenths = 0;
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
        } else if (task != null && total > 0) {
            done += n;
            int now = (int) Math.min(10, done * 10 / total);
            if (now > tenths) {
                tenths = now;
                err.printf(Locale.ROOT, "%s: %d %%%n", task, now * 10);
            }
        }
    }

    @Override
    public synchronized void done() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
        task = null;
    }
}
