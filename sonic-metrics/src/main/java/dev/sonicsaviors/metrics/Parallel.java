package dev.sonicsaviors.metrics;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/** Runs independent metric computations of one call side by side on daemon threads. */
final class Parallel {
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "sonic-metrics");
        t.setDaemon(true);
        return t;
    });

    private Parallel() {}

    /** Starts {@code task} on another thread. */
    static <T> CompletableFuture<T> start(Supplier<T> task) {
        return CompletableFuture.supplyAsync(task, POOL);
    }

    /** Waits for {@code f}, rethrowing the task's own runtime exception or error unchanged. */
    static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }
}
