package dev.sonicsaviors.spark;

import dev.sonicsaviors.api.DenoiseOptions;
import dev.sonicsaviors.api.Denoiser;
import dev.sonicsaviors.api.Denoisers;
import java.io.IOException;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The per-JVM (per-executor) holder of loaded denoisers: a task borrows one for its partition and gives it back, so a
 * model is loaded at most once per concurrently running task slot of an executor (never once per file), and stays
 * loaded for later tasks until the JVM exits. Nothing here is serialized; it is filled lazily on the executor.
 */
final class DenoiserPool {
    private static final Map<DenoiseOptions, Queue<Denoiser>> IDLE = new ConcurrentHashMap<>();
    private static final AtomicInteger LOADS = new AtomicInteger();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(DenoiserPool::closeAll, "sonic-denoiser-pool-close"));
    }

    private DenoiserPool() {
    }

    /** Returns an idle denoiser for {@code options}, loading one when none is idle; give it back with {@link #release}. */
    static Denoiser borrow(DenoiseOptions options) throws IOException {
        Denoiser d = IDLE.computeIfAbsent(options, o -> new ConcurrentLinkedQueue<>()).poll();
        if (d != null) {
            return d;
        }
        LOADS.incrementAndGet();
        return Denoisers.load(options);
    }

    /** Gives {@code denoiser} (from {@link #borrow}) back for the next task of this JVM. */
    static void release(Denoiser denoiser) {
        IDLE.computeIfAbsent(denoiser.options(), o -> new ConcurrentLinkedQueue<>()).add(denoiser);
    }

    /** Returns how many models this JVM has loaded so far (for tests: once per task slot, not once per file). */
    static int loads() {
        return LOADS.get();
    }

    /** Closes every idle denoiser (at JVM exit). */
    private static void closeAll() {
        for (Queue<Denoiser> q : IDLE.values()) {
            Denoiser d;
            while ((d = q.poll()) != null) {
                d.close();
            }
        }
    }
}
