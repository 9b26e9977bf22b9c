package dev.sonicsaviors.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sonicsaviors.api.Cancellation;
import dev.sonicsaviors.api.Denoisers;
import dev.sonicsaviors.api.ModelCard;
import dev.sonicsaviors.api.ProgressListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code sonic serve} HTTP server: the page ({@code /}), the API ({@code /api/denoise}, {@code /api/jobs},
 * {@code /api/models}), {@code /health} and {@code /openapi.json}. Start it with {@link #start(ServeConfig)}, stop it with
 * {@link #close()}; uploads pass through a private temporary folder that {@link #close()} removes.
 */
public final class SonicServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SonicServer.class);
    /** Seconds a client is told to wait when every job slot is taken. */
    static final int RETRY_AFTER_SECONDS = 5;
    /** How long finished jobs keep their results, in nanoseconds (10 minutes). */
    static final long JOB_TTL_NANOS = TimeUnit.MINUTES.toNanos(10);
    /** Most finished jobs kept at once; the oldest go first. */
    static final int MAX_KEPT_JOBS = 16;
    /** Most bytes of results (WAVs and pictures) kept over all finished jobs; the oldest go first (256 MB). */
    static final long MAX_KEPT_BYTES = 256L << 20;
    /** The page and its assets: request path to resource name and content type (nothing else is served from the jar). */
    private static final Map<String, String[]> STATIC = Map.of(
            "/", new String[] {"index.html", "text/html; charset=utf-8"},
            "/index.html", new String[] {"index.html", "text/html; charset=utf-8"},
            "/app.js", new String[] {"app.js", "text/javascript; charset=utf-8"},
            "/style.css", new String[] {"style.css", "text/css; charset=utf-8"},
            "/openapi.json", new String[] {"openapi.json", "application/json"});

    private final ServeConfig config;
    private final HttpServer http;
    private final ExecutorService handlers;
    private final ExecutorService workers;
    private final ScheduledExecutorService timer;
    private final Semaphore slots;
    private final DenoiserCache denoisers = new DenoiserCache(6);
    private final Processing processing;
    private final Path tempDir;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final ObjectMapper json = new ObjectMapper();
    private final SecureRandom ids = new SecureRandom();

    private SonicServer(ServeConfig config) throws IOException {
        this.config = config;
        this.slots = new Semaphore(config.maxJobs());
        this.tempDir = privateTempDir();
        this.processing = new Processing(tempDir, config.maxDurationSeconds());
        this.handlers = Executors.newFixedThreadPool(config.maxJobs() + 8, daemons("sonic-http"));
        this.workers = Executors.newFixedThreadPool(config.maxJobs(), daemons("sonic-job"));
        this.timer = Executors.newSingleThreadScheduledExecutor(daemons("sonic-timer"));
        try {
            this.http = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 64);
        } catch (IOException e) {
            close();
            throw new IOException("cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
        }
        http.setExecutor(handlers);
        http.createContext("/", this::handle);
    }

    /**
     * Starts a server listening as {@code config} says and returns it.
     *
     * @throws IOException if the address cannot be bound (such as a port in use) or the temporary folder cannot be made
     */
    public static SonicServer start(ServeConfig config) throws IOException {
        SonicServer s = new SonicServer(config);
        s.http.start();
        return s;
    }

    /** Returns the port the server listens on (the chosen one when the configuration said 0). */
    public int port() {
        return http.getAddress().getPort();
    }

    /** Returns the base URL, such as {@code http://127.0.0.1:8080/}. */
    public String url() {
        String h = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return "http://" + h + ":" + port() + "/";
    }

    /** Returns the job slots (tests take them all to see a 503). */
    Semaphore slots() {
        return slots;
    }

    /** Returns the private temporary folder uploads pass through. */
    Path tempDir() {
        return tempDir;
    }

    /** Stops listening, cancels running jobs, releases the models and removes the temporary folder. */
    @Override
    public void close() {
        if (http != null) {
            http.stop(0);
        }
        for (Job j : jobs.values()) {
            j.cancel.cancel();
        }
        handlers.shutdownNow();
        workers.shutdownNow();
        timer.shutdownNow();
        try {
            workers.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        denoisers.close();
        try (Stream<Path> files = Files.list(tempDir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(tempDir);
        } catch (IOException e) {
            LOG.warn("could not remove {}: {}", tempDir, e.getMessage());
        }
    }

    private static Path privateTempDir() throws IOException {
        try {
            return Files.createTempDirectory("sonic-serve-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            return Files.createTempDirectory("sonic-serve-");
        }
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    // ---- routing ----------------------------------------------------------------------------------------------------

    private void handle(HttpExchange ex) {
        try (ex) {
            try {
                route(ex);
            } catch (ApiException e) {
                drain(ex);
                error(ex, e);
            } catch (IOException e) {
                // The client went away or broke the connection; nothing to answer.
                LOG.debug("connection problem: {}", e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("internal error on {} {}", ex.getRequestMethod(), ex.getRequestURI().getPath(), e);
                drain(ex);
                error(ex, new ApiException(500, "internal error"));
            }
        }
    }

    private void route(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String[] asset = STATIC.get(path);
        if (asset != null) {
            requireMethod(ex, "GET");
            send(ex, 200, asset[1], resource(asset[0]));
        } else if (path.equals("/health")) {
            requireMethod(ex, "GET");
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("status", "ok");
            h.put("jobsRunning", config.maxJobs() - slots.availablePermits());
            h.put("maxJobs", config.maxJobs());
            sendJson(ex, 200, h);
        } else if (path.equals("/api/models")) {
            requireMethod(ex, "GET");
            sendJson(ex, 200, models());
        } else if (path.equals("/api/limits")) {
            requireMethod(ex, "GET");
            sendJson(ex, 200, limits());
        } else if (path.equals("/api/denoise")) {
            requireMethod(ex, "POST");
            denoiseNow(ex);
        } else if (path.equals("/api/jobs")) {
            requireMethod(ex, "POST");
            startJob(ex);
        } else if (path.startsWith("/api/jobs/")) {
            requireMethod(ex, "GET");
            jobResource(ex, path.substring("/api/jobs/".length()));
        } else {
            throw new ApiException(404, "no such resource: " + (path.length() > 100 ? path.substring(0, 100) + "..." : path));
        }
    }

    private static void requireMethod(HttpExchange ex, String method) {
        if (!ex.getRequestMethod().equals(method)) {
            ex.getResponseHeaders().set("Allow", method);
            throw new ApiException(405, "method " + ex.getRequestMethod() + " not allowed here; use " + method);
        }
    }

    // ---- API --------------------------------------------------------------------------------------------------------

    private List<Map<String, Object>> models() throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String name : Denoisers.names()) {
            ModelCard card = denoisers.card(name);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("default", name.equals(Denoisers.DEFAULT));
            m.put("card", card);
            out.add(m);
        }
        return out;
    }

    private Map<String, Object> limits() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("maxUploadBytes", config.maxUploadBytes());
        m.put("maxDurationSeconds", config.maxDurationSeconds());
        m.put("maxJobs", config.maxJobs());
        m.put("jobTimeoutSeconds", config.jobTimeout().toMillis() / 1000.0);
        return m;
    }

    /** The parsed request: audio bytes and the parameters. */
    private record Upload(byte[] audio, String model, double strength) {
    }

    /** {@code POST /api/denoise}: denoises the upload and answers with the WAV (the job slot is freed before sending). */
    private void denoiseNow(HttpExchange ex) throws IOException {
        acquireSlot();
        Upload up;
        Processing.Result r;
        byte[] wav;
        try {
            up = readUpload(ex);
            try (DenoiserCache.Lease lease = denoisers.lease(up.model(), up.strength())) {
                Cancellation cancel = new Cancellation();
                ScheduledFuture<?> limit = timer.schedule(cancel::cancel, config.jobTimeout().toMillis(), TimeUnit.MILLISECONDS);
                try {
                    r = processing.run(up.audio(), lease, ProgressListener.NONE, cancel);
                } finally {
                    limit.cancel(false);
                }
            }
            wav = processing.wav(r.denoised(), r.sampleRate());
        } finally {
            slots.release();
        }
        ex.getResponseHeaders().set("X-Sonic-Duration-Seconds", String.format(Locale.ROOT, "%.3f", r.durationSeconds()));
        ex.getResponseHeaders().set("X-Sonic-Processing-Ms", Long.toString(r.processingMillis()));
        ex.getResponseHeaders().set("X-Sonic-Model", up.model());
        ex.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"denoised.wav\"");
        send(ex, 200, "audio/wav", wav);
    }

    /** {@code POST /api/jobs}: starts a job on the upload and answers 202 with its id. */
    private void startJob(HttpExchange ex) throws IOException {
        acquireSlot();
        boolean started = false;
        try {
            Upload up = readUpload(ex);
            if (!Denoisers.names().contains(up.model())) {
                throw new ApiException(400, "unknown model '" + up.model() + "': expected one of " + Denoisers.names());
            }
            expireJobs();
            byte[] idBytes = new byte[16];
            ids.nextBytes(idBytes);
            Job job = new Job(HexFormat.of().formatHex(idBytes), up.model(), up.strength());
            jobs.put(job.id, job);
            workers.execute(() -> runJob(job, up.audio()));
            started = true;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", job.id);
            m.put("status", "/api/jobs/" + job.id);
            ex.getResponseHeaders().set("Location", "/api/jobs/" + job.id);
            sendJson(ex, 202, m);
        } finally {
            if (!started) {
                slots.release();
            }
        }
    }

    private void runJob(Job job, byte[] audio) {
        ScheduledFuture<?> limit = timer.schedule(job.cancel::cancel, config.jobTimeout().toMillis(), TimeUnit.MILLISECONDS);
        try (DenoiserCache.Lease lease = denoisers.lease(job.model, job.strength)) {
            job.state = Job.State.running;
            Processing.Result r = processing.run(audio, lease,
                    (done, total) -> job.progress = total == 0 ? 1 : 0.95 * done / (double) total, job.cancel);
            MelPictures.Pair mel = MelPictures.draw(Processing.mono(r.noisy()), Processing.mono(r.denoised()), r.sampleRate());
            job.outputs = new Job.Outputs(r.durationSeconds(), r.sampleRate(), r.noisy().length, r.processingMillis(), r.card(),
                    processing.wav(r.noisy(), r.sampleRate()), processing.wav(r.denoised(), r.sampleRate()), mel);
            job.progress = 1;
            finish(job, limit, Job.State.done);
        } catch (ApiException e) {
            job.error = e;
            finish(job, limit, Job.State.failed);
        } catch (IOException | RuntimeException e) {
            LOG.error("job {} failed", job.id, e);
            job.error = new ApiException(500, "internal error");
            finish(job, limit, Job.State.failed);
        } finally {
            if (job.finishedAtNanos == 0) { // an Error such as OutOfMemoryError: still free the slot
                job.error = new ApiException(500, "internal error");
                finish(job, limit, Job.State.failed);
            }
        }
    }

    /** Frees the job's slot, then publishes its final state (so a client seeing it can start the next job at once). */
    private void finish(Job job, ScheduledFuture<?> limit, Job.State state) {
        limit.cancel(false);
        job.finishedAtNanos = System.nanoTime();
        slots.release();
        job.state = state;
    }

    /** {@code GET /api/jobs/{id}[/(noisy.wav|denoised.wav|noisy-mel.png|denoised-mel.png)]}. */
    private void jobResource(HttpExchange ex, String rest) throws IOException {
        int slash = rest.indexOf('/');
        String id = slash < 0 ? rest : rest.substring(0, slash);
        String part = slash < 0 ? "" : rest.substring(slash + 1);
        Job job = jobs.get(id);
        if (job == null) {
            throw new ApiException(404, "no such job (jobs are kept for 10 minutes)");
        }
        if (part.isEmpty()) {
            sendJson(ex, 200, describe(job));
            return;
        }
        Job.Outputs o = job.outputs;
        if (o == null) {
            throw new ApiException(409, "job is " + job.state + ", it has no results");
        }
        switch (part) {
            case "noisy.wav" -> send(ex, 200, "audio/wav", o.noisyWav());
            case "denoised.wav" -> {
                ex.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"denoised.wav\"");
                send(ex, 200, "audio/wav", o.denoisedWav());
            }
            case "noisy-mel.png" -> send(ex, 200, "image/png", o.mel().noisyPng());
            case "denoised-mel.png" -> send(ex, 200, "image/png", o.mel().denoisedPng());
            default -> throw new ApiException(404, "no such job resource");
        }
    }

    private Map<String, Object> describe(Job job) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", job.id);
        m.put("state", job.state.name());
        m.put("progress", job.progress);
        m.put("model", job.model);
        m.put("strength", job.strength);
        Job.Outputs o = job.outputs;
        if (o != null) {
            m.put("durationSeconds", o.durationSeconds());
            m.put("sampleRate", o.sampleRate());
            m.put("channels", o.channels());
            m.put("processingMillis", o.processingMillis());
            m.put("melTopDb", o.mel().topDb());
            m.put("card", o.card());
            String base = "/api/jobs/" + job.id + "/";
            Map<String, String> links = new LinkedHashMap<>();
            links.put("noisy", base + "noisy.wav");
            links.put("denoised", base + "denoised.wav");
            links.put("noisyMel", base + "noisy-mel.png");
            links.put("denoisedMel", base + "denoised-mel.png");
            m.put("links", links);
        }
        ApiException e = job.error;
        if (e != null) {
            m.put("error", e.getMessage());
            m.put("status", e.status());
        }
        return m;
    }

    /**
     * Drops finished jobs older than the time to live, then the oldest finished ones beyond {@link #MAX_KEPT_JOBS} jobs or
     * {@link #MAX_KEPT_BYTES} bytes of results.
     */
    private void expireJobs() {
        long now = System.nanoTime();
        jobs.values().removeIf(j -> j.finishedAtNanos != 0 && now - j.finishedAtNanos > JOB_TTL_NANOS);
        List<Job> finished = new ArrayList<>(jobs.values().stream().filter(j -> j.finishedAtNanos != 0).toList());
        finished.sort((a, b) -> Long.compare(b.finishedAtNanos, a.finishedAtNanos)); // newest first
        long bytes = 0;
        for (int i = 0; i < finished.size(); i++) {
            Job.Outputs o = finished.get(i).outputs;
            bytes += o == null ? 0 : o.bytes();
            if (i >= MAX_KEPT_JOBS || bytes > MAX_KEPT_BYTES) {
                jobs.remove(finished.get(i).id);
            }
        }
    }

    private void acquireSlot() {
        if (!slots.tryAcquire()) {
            throw new ApiException(503, "busy: " + config.maxJobs() + " jobs are running; try again shortly", RETRY_AFTER_SECONDS);
        }
    }

    // ---- request reading --------------------------------------------------------------------------------------------

    private Upload readUpload(HttpExchange ex) throws IOException {
        Map<String, String> params = query(ex.getRequestURI().getRawQuery());
        byte[] body = readBody(ex);
        byte[] audio = body;
        String boundary = Multipart.boundary(ex.getRequestHeaders().getFirst("Content-Type"));
        if (boundary != null) {
            audio = null;
            for (Multipart.Part p : Multipart.parse(body, boundary)) {
                switch (p.name()) {
                    case "model", "strength" -> params.put(p.name(), new String(p.content(), StandardCharsets.UTF_8).trim());
                    default -> {
                        if (audio == null && (p.name().equals("file") || p.name().equals("audio"))) {
                            audio = p.content();
                        }
                    }
                }
            }
            if (audio == null) {
                throw new ApiException(400, "multipart body has no 'file' part");
            }
        }
        String model = params.getOrDefault("model", Denoisers.DEFAULT);
        double strength;
        try {
            strength = Double.parseDouble(params.getOrDefault("strength", "1"));
        } catch (NumberFormatException e) {
            throw new ApiException(400, "strength must be a number in [0, 1]");
        }
        if (!(strength >= 0 && strength <= 1)) {
            throw new ApiException(400, "strength must be in [0, 1]");
        }
        // Round to hundredths so the page's slider values share loaded models.
        strength = Math.round(strength * 100) / 100.0;
        if (!Denoisers.names().contains(model)) {
            throw new ApiException(400, "unknown model '" + clip(model) + "': expected one of " + Denoisers.names());
        }
        return new Upload(audio, model, strength);
    }

    private static String clip(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }

    private byte[] readBody(HttpExchange ex) throws IOException {
        long max = config.maxUploadBytes();
        String declared = ex.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            long n;
            try {
                n = Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                throw new ApiException(400, "bad Content-Length");
            }
            if (n > max) {
                throw tooLarge(max);
            }
        }
        InputStream in = ex.getRequestBody();
        byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, max + 1));
        if (body.length > max) {
            throw tooLarge(max);
        }
        return body;
    }

    private static ApiException tooLarge(long max) {
        return new ApiException(413, String.format(Locale.ROOT, "upload too large: the limit is %.1f MB", max / 1048576.0));
    }

    /** Reads and discards what is left of the request body (up to a bound), so the client sees the answer. */
    private void drain(HttpExchange ex) {
        try {
            InputStream in = ex.getRequestBody();
            long left = 4 * config.maxUploadBytes() + (1 << 20);
            byte[] buf = new byte[1 << 16];
            int n;
            while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
                left -= n;
            }
        } catch (IOException e) {
            LOG.debug("draining request: {}", e.getMessage());
        }
    }

    static Map<String, String> query(String raw) {
        Map<String, String> m = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return m;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            try {
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                m.put(k, v);
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, "malformed query string");
            }
        }
        return m;
    }

    // ---- responses --------------------------------------------------------------------------------------------------

    private static byte[] resource(String name) {
        try (InputStream in = SonicServer.class.getResourceAsStream("static/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void error(HttpExchange ex, ApiException e) {
        try {
            if (e.retryAfterSeconds() > 0) {
                ex.getResponseHeaders().set("Retry-After", Integer.toString(e.retryAfterSeconds()));
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("error", e.getMessage());
            m.put("status", e.status());
            sendJson(ex, e.status(), m);
        } catch (IOException io) {
            LOG.debug("could not send error: {}", io.getMessage());
        }
    }

    private void sendJson(HttpExchange ex, int status, Object body) throws IOException {
        send(ex, status, "application/json", json.writeValueAsBytes(body));
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        var h = ex.getResponseHeaders();
        h.set("Content-Type", type);
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Cache-Control", "no-store");
        h.set("Content-Security-Policy", "default-src 'self'; img-src 'self' blob: data:; media-src 'self' blob:; "
                + "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
        h.set("Referrer-Policy", "no-referrer");
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
