package dev.sonicsaviors.web;

import dev.sonicsaviors.api.DenoiseOptions;
import dev.sonicsaviors.api.Denoiser;
import dev.sonicsaviors.api.Denoisers;
import dev.sonicsaviors.api.ModelCard;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loaded denoisers shared by requests, keyed by built-in model name and strength (strength is fixed at load time):
 * at most {@code capacity} stay loaded; the least recently used idle one is closed when another is needed. A lease keeps
 * its denoiser open until released, so a denoiser is never closed while a request uses it.
 */
final class DenoiserCache implements AutoCloseable {

    private int capacity;
    private final Map<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private boolean closed;

    DenoiserCache(int capacity) {
        this.capacity = capacity;
    }

    /** A denoiser on loan; release it with {@link #close()}. */
    final class Lease implements AutoCloseable {
        private final Entry entry;
        private boolean released;

        private Lease(Entry entry) {
            this.entry = entry;
        }

        Denoiser denoiser() {
            return entry.denoiser;
        }

        @Override
        public void close() {
            synchronized (DenoiserCache.this) {
                if (!released) {
                    released = true;
                    entry.users--;
                    trim();
                }
            }
        }
    }

    private static final class Entry {
        final Denoiser denoiser;
        int users;

        Entry(Denoiser denoiser) {
            this.denoiser = denoiser;
        }
    }

    /**
     * Lends the denoiser for built-in {@code model} at {@code strength} in [0, 1], loading it if needed.
     *
     * @throws ApiException 400 if the model is not a built-in name
     */
    Lease lease(String model, double strength) throws IOException {
        if (!Denoisers.names().contains(model)) {
            throw new ApiException(400, "unknown model '" + model + "': expected one of " + Denoisers.names());
        }
        String key = model + "@" + strength;
        synchronized (this) {
            if (closed) {
                throw new ApiException(503, "server is shutting down");
            }
            Entry e = entries.get(key);
            if (e != null) {
                e.users++;
                return new Lease(e);
            }
        }
        // Load outside the lock (a learned model takes about a second); a racing load of the same key keeps the first.
        Denoiser loaded = Denoisers.load(DenoiseOptions.of(model).withStrength(strength));
        synchronized (this) {
            Entry e = entries.get(key);
            if (e == null && !closed) {
                e = new Entry(loaded);
                entries.put(key, e);
                loaded = null;
            }
            if (loaded != null) {
                loaded.close();
            }
            if (e == null) {
                throw new ApiException(503, "server is shutting down");
            }
            e.users++;
            Lease lease = new Lease(e);
            trim();
            return lease;
        }
    }

    /** Returns the card of built-in {@code model}. */
    ModelCard card(String model) throws IOException {
        try (Lease lease = lease(model, 1.0)) {
            return lease.denoiser().card();
        }
    }

    /** Closes the least recently used idle denoisers while more than {@code capacity} are loaded. */
    private void trim() {
        List<Entry> toClose = new ArrayList<>();
        Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
        int excess = entries.size() - capacity;
        while (excess > 0 && it.hasNext()) {
            Entry e = it.next().getValue();
            if (e.users == 0) {
                it.remove();
                toClose.add(e);
                excess--;
            }
        }
        for (Entry e : toClose) {
            e.denoiser.close();
        }
    }

    /** Closes every idle denoiser now and the others as their leases are released. */
    @Override
    public synchronized void close() {
        closed = true;
        capacity = 0;
        trim();
    }
}
