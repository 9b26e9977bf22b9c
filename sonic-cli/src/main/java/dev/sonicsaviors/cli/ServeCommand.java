package dev.sonicsaviors.cli;

import dev.sonicsaviors.web.ServeConfig;
import dev.sonicsaviors.web.SonicServer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sonic serve}: starts the web page and HTTP API (sonic-web) and runs until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serves a page to try denoising in a browser and an HTTP API (POST /api/denoise, GET /api/models,",
                "GET /health, /openapi.json) until interrupted (Ctrl-C). Listens on loopback unless --host opens it."})
final class ServeCommand extends BaseCommand {

    @Option(names = "--port", defaultValue = "8080", description = "TCP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 opens it to the network).")
    String host;

    @Option(names = "--max-upload-mb", defaultValue = "50", paramLabel = "MB", description = "Largest upload in MB (default: ${DEFAULT-VALUE}).")
    double maxUploadMb;

    @Option(names = "--max-duration", defaultValue = "600", paramLabel = "SECONDS",
            description = "Longest audio accepted in seconds (default: ${DEFAULT-VALUE}).")
    double maxDuration;

    @Option(names = "--max-jobs", defaultValue = "2", description = "Denoising jobs at once; more are answered 503 (default: ${DEFAULT-VALUE}).")
    int maxJobs;

    @Option(names = "--job-timeout", defaultValue = "300", paramLabel = "SECONDS",
            description = "Time limit of one job in seconds (default: ${DEFAULT-VALUE}).")
    double jobTimeout;

    @Override
    public Integer call() throws Exception {
        ServeConfig config;
        try {
            config = new ServeConfig(host, port, (long) (maxUploadMb * 1024 * 1024), maxDuration, maxJobs,
                    Duration.ofMillis(Math.round(jobTimeout * 1000)));
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        SonicServer server = SonicServer.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "sonic-serve-stop"));
        err().println("sonic: serving on " + server.url() + " (Ctrl-C stops)");
        stopped.await();
        return SonicCli.OK;
    }
}
