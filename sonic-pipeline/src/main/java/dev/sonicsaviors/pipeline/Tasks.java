package dev.sonicsaviors.pipeline;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** The pipeline's one way of making worker pools and of waiting for a worker task and passing its failure on as it was thrown. */
public final class Tasks {

    private Tasks() {
    }

    /**
     * Returns the result of {@code f}: a failure of the task is rethrown as it was thrown when it is an {@link IOException},
     * a {@link RuntimeException} or an {@link Error}, any other exception is wrapped in an {@link IOException}; an interrupt
     * while waiting restores the thread's interrupt flag and throws {@link InterruptedIOException}.
     */
    public static <T> T await(Future<T> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException io = new InterruptedIOException("interrupted while waiting for a worker");
            io.initCause(e);
            throw io;
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IOException(c);
        }
    }

    /**
     * Returns a fixed pool of {@code threads} (at least one) daemon threads named {@code name}, so that an unfinished task never
     * keeps the JVM alive; the caller shuts it down.
     */
    public static ExecutorService daemonPool(int threads, String name) {
        return Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Stops {@code pool} (interrupting its running tasks) and waits up to {@code seconds} for them to end, so that no task of it
     * runs after the caller returns; a null pool is ignored, and an interrupt while waiting is kept for the caller.
     */
    public static void shutdownAndWait(ExecutorService pool, long seconds) {
        if (pool == null) {
            return;
        }
        pool.shutdownNow();
        try {
            pool.awaitTermination(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
