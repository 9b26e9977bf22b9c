package dev.sonicsaviors.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sonicsaviors.io.AudioData;
import dev.sonicsaviors.io.AudioReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server over real HTTP on loopback: every endpoint and every status code it answers. */
class SonicServerTest {

    static final int RATE = 16_000;
    static SonicServer server;
    static HttpClient client;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws IOException {
        server = SonicServer.start(ServeConfig.defaults().withPort(0).withMaxUploadBytes(512 * 1024).withMaxDurationSeconds(10));
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    static void stop() {
        Path temp = server.tempDir();
        server.close();
        assertThat(temp).doesNotExist();
    }

    static HttpResponse<byte[]> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(server.url()).resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    static HttpResponse<byte[]> post(String path, byte[] body, String type) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(server.url()).resolve(path)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static JsonNode json(HttpResponse<byte[]> r) throws IOException {
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        return JSON.readTree(r.body());
    }

    /** Checks an error answer: the status, a JSON message containing {@code words}, no stack trace and no server path. */
    static void assertError(HttpResponse<byte[]> r, int status, String words) throws IOException {
        assertThat(r.statusCode()).isEqualTo(status);
        JsonNode j = json(r);
        assertThat(j.get("status").asInt()).isEqualTo(status);
        String msg = j.get("error").asText();
        assertThat(msg).containsIgnoringCase(words).doesNotContain("Exception").doesNotContain("\tat ")
                .doesNotContain(server.tempDir().toString()).doesNotContain("/tmp");
    }

    static byte[] multipart(String boundary, byte[] audio, String model, String strength) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\n" + model + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"strength\"\r\n\r\n" + strength + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"../../etc/passwd\"\r\n"
                + "Content-Type: audio/wav\r\n\r\n";
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(audio);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    @Test
    void healthPageAndOpenApi() throws Exception {
        HttpResponse<byte[]> h = get("/health");
        assertThat(h.statusCode()).isEqualTo(200);
        assertThat(json(h).get("status").asText()).isEqualTo("ok");

        HttpResponse<byte[]> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(new String(page.body(), StandardCharsets.UTF_8)).contains("<label for=\"file\"").contains("/app.js");
        assertThat(get("/app.js").statusCode()).isEqualTo(200);
        assertThat(get("/style.css").statusCode()).isEqualTo(200);

        JsonNode api = json(get("/openapi.json"));
        assertThat(api.get("openapi").asText()).startsWith("3.");
        assertThat(api.get("paths").has("/api/denoise")).isTrue();
        assertThat(api.get("paths").has("/api/models")).isTrue();
        assertThat(api.get("paths").has("/health")).isTrue();
    }

    @Test
    void modelsCarryTheirCards() throws Exception {
        HttpResponse<byte[]> r = get("/api/models");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode models = json(r);
        assertThat(models).hasSize(4); // specsub, wiener, default, default-pitch
        JsonNode def = null;
        for (JsonNode m : models) {
            if (m.get("default").asBoolean()) {
                def = m;
            }
            assertThat(m.get("card").get("architecture").asText()).isNotBlank();
            assertThat(m.get("card").get("licence").asText()).isNotBlank();
        }
        assertThat(def).isNotNull();
        assertThat(def.get("name").asText()).isEqualTo("default");
        assertThat(def.get("card").get("parameterCount").asLong()).isPositive();
        assertThat(def.get("card").get("trainingData").asText()).isNotBlank();
    }

    @Test
    void rawBodyIsDenoisedToAWavOfTheSameShape() throws Exception {
        byte[] wav = TestAudio.wav(1.5, RATE, 1, dir);
        HttpResponse<byte[]> r = post("/api/denoise?model=wiener&strength=0.8", wav, "audio/wav");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("audio/wav");
        assertThat(r.headers().firstValue("X-Sonic-Duration-Seconds")).hasValue("1.500");
        assertThat(r.headers().firstValue("X-Sonic-Processing-Ms")).isPresent();
        AudioData out = decode(r.body());
        assertThat(out.sampleRate()).isEqualTo(RATE);
        assertThat(out.frames()).isEqualTo(24_000);
        assertThat(out.channelCount()).isEqualTo(1);
        assertThat(Files.list(server.tempDir()).count()).isZero();
    }

    @Test
    void multipartUploadWithParametersAsFields() throws Exception {
        byte[] wav = TestAudio.wav(1.0, RATE, 2, dir);
        float[] in = decode(wav).channels()[0];
        HttpResponse<byte[]> r = post("/api/denoise", multipart("xYz123", wav, "specsub", "0"), "multipart/form-data; boundary=xYz123");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Sonic-Model")).hasValue("specsub");
        // The strength field reaches the model: strength 0 stays far closer to the input than strength 1.
        AudioData out = decode(r.body());
        assertThat(out.frames()).isEqualTo(16_000);
        HttpResponse<byte[]> full = post("/api/denoise", multipart("xYz123", wav, "specsub", "1"), "multipart/form-data; boundary=xYz123");
        assertThat(full.statusCode()).isEqualTo(200);
        double d0 = rmsDiff(in, out.channels()[0]);
        double d1 = rmsDiff(in, decode(full.body()).channels()[0]);
        assertThat(d0).isLessThan(d1 / 3);
        assertThat(Files.list(server.tempDir()).count()).isZero();
    }

    @Test
    void jobReportsProgressAndServesPlayersAndSpectrograms() throws Exception {
        byte[] wav = TestAudio.wav(2.0, RATE, 3, dir);
        HttpResponse<byte[]> r = post("/api/jobs?model=default&strength=1", wav, "application/octet-stream");
        assertThat(r.statusCode()).isEqualTo(202);
        String status = json(r).get("status").asText();
        JsonNode job;
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        do {
            Thread.sleep(100);
            HttpResponse<byte[]> s = get(status);
            assertThat(s.statusCode()).isEqualTo(200);
            job = json(s);
            assertThat(job.get("progress").asDouble()).isBetween(0.0, 1.0);
        } while (!job.get("state").asText().matches("done|failed") && System.nanoTime() < deadline);
        assertThat(job.get("state").asText()).isEqualTo("done");
        assertThat(job.get("durationSeconds").asDouble()).isEqualTo(2.0);
        assertThat(job.get("card").get("name").asText()).isEqualTo("default");
        for (String link : new String[] {"noisy", "denoised"}) {
            HttpResponse<byte[]> a = get(job.get("links").get(link).asText());
            assertThat(a.statusCode()).isEqualTo(200);
            assertThat(decode(a.body()).frames()).isEqualTo(32_000);
        }
        for (String link : new String[] {"noisyMel", "denoisedMel"}) {
            HttpResponse<byte[]> p = get(job.get("links").get(link).asText());
            assertThat(p.statusCode()).isEqualTo(200);
            assertThat(p.headers().firstValue("Content-Type")).hasValue("image/png");
            assertThat(Arrays.copyOf(p.body(), 4)).isEqualTo(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        }
        assertError(get(status + "/other.bin"), 404, "no such job resource");
        assertError(get("/api/jobs/0123456789abcdef"), 404, "no such job");
    }

    @Test
    void malformedUploadsAre400() throws Exception {
        assertError(post("/api/denoise", "hello, this is not audio".getBytes(StandardCharsets.UTF_8), "audio/wav"), 400,
                "not readable audio");
        byte[] wav = TestAudio.wav(1.0, RATE, 4, dir);
        assertError(post("/api/denoise", Arrays.copyOf(wav, 30), "audio/wav"), 400, "not readable audio");
        byte[] garbled = wav.clone();
        garbled[20] = 9; // format code 9: not PCM or float
        assertError(post("/api/denoise", garbled, "audio/wav"), 400, "not readable audio");
        assertError(post("/api/denoise", new byte[0], "audio/wav"), 400, "empty upload");
        assertError(post("/api/denoise", "--b\r\nno headers end".getBytes(StandardCharsets.UTF_8), "multipart/form-data; boundary=b"),
                400, "malformed multipart");
        assertError(post("/api/denoise?model=../../models/default", wav, "audio/wav"), 400, "unknown model");
        assertError(post("/api/denoise?strength=2", wav, "audio/wav"), 400, "strength");
        assertError(post("/api/denoise?strength=loud", wav, "audio/wav"), 400, "strength");
        assertThat(Files.list(server.tempDir()).count()).isZero();
    }

    @Test
    void fuzzedUploadsGet200Or400NeverAServerError() throws Exception {
        byte[] wav = TestAudio.wav(0.3, RATE, 9, dir);
        SplittableRandom rnd = new SplittableRandom(2026);
        for (int i = 0; i < 40; i++) {
            byte[] b = switch (i % 3) {
                case 0 -> Arrays.copyOf(wav, rnd.nextInt(wav.length)); // truncated
                case 1 -> { // header bytes flipped
                    byte[] m = wav.clone();
                    for (int k = 0; k < 1 + rnd.nextInt(4); k++) {
                        m[rnd.nextInt(64)] = (byte) rnd.nextInt(256);
                    }
                    yield m;
                }
                default -> { // random bytes after a valid magic
                    byte[] m = new byte[rnd.nextInt(2, 4000)];
                    rnd.nextBytes(m);
                    System.arraycopy(new byte[] {'R', 'I', 'F', 'F'}, 0, m, 0, Math.min(4, m.length));
                    yield m;
                }
            };
            HttpResponse<byte[]> r = post("/api/denoise?model=wiener", b, "application/octet-stream");
            assertThat(r.statusCode()).as("mutation %d", i).isIn(200, 400, 413);
            if (r.statusCode() != 200) {
                assertThat(json(r).get("error").asText()).doesNotContain("Exception").doesNotContain(server.tempDir().toString());
            }
        }
        assertThat(Files.list(server.tempDir()).count()).isZero();
    }

    @Test
    void tooLargeAndTooLongAre413() throws Exception {
        byte[] big = TestAudio.wav(17, RATE, 5, dir); // 544 KB > 512 KB
        assertError(post("/api/denoise", big, "audio/wav"), 413, "upload too large");
        byte[] longAudio = TestAudio.wav(12, RATE, 6, dir); // 384 KB, but 12 s > 10 s
        assertError(post("/api/denoise", longAudio, "audio/wav"), 413, "audio too long");
        assertError(post("/api/jobs", big, "audio/wav"), 413, "upload too large");
        // The server still answers afterwards.
        assertThat(get("/health").statusCode()).isEqualTo(200);
    }

    @Test
    void busyIs503WithRetryAfter() throws Exception {
        byte[] wav = TestAudio.wav(0.5, RATE, 7, dir);
        int permits = server.slots().drainPermits();
        try {
            HttpResponse<byte[]> r = post("/api/denoise?model=wiener", wav, "audio/wav");
            assertError(r, 503, "busy");
            assertThat(r.headers().firstValue("Retry-After")).hasValue("5");
            HttpResponse<byte[]> j = post("/api/jobs?model=wiener", wav, "audio/wav");
            assertError(j, 503, "busy");
            assertThat(json(get("/health")).get("jobsRunning").asInt()).isEqualTo(2);
        } finally {
            server.slots().release(permits);
        }
        assertThat(post("/api/denoise?model=wiener", wav, "audio/wav").statusCode()).isEqualTo(200);
    }

    @Test
    void jobOverTheTimeLimitIs503() throws Exception {
        byte[] wav = TestAudio.wav(35, RATE, 8, dir);
        try (SonicServer slow = SonicServer.start(ServeConfig.defaults().withPort(0).withJobTimeout(Duration.ofMillis(1)))) {
            HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create(slow.url() + "api/denoise?model=wiener"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(wav)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(r.body()).get("error").asText()).contains("time limit");
        }
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405() throws Exception {
        assertError(get("/etc/passwd"), 404, "no such resource");
        assertError(get("/api/denoise"), 405, "not allowed");
        HttpResponse<byte[]> r = post("/health", new byte[1], "text/plain");
        assertError(r, 405, "not allowed");
        assertThat(r.headers().firstValue("Allow")).hasValue("GET");
    }

    static double rmsDiff(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(s / a.length);
    }

    static AudioData decode(byte[] wav) throws IOException {
        Path f = Files.createTempFile(dir, "resp", ".wav");
        Files.write(f, wav);
        return AudioReader.read(f);
    }
}
