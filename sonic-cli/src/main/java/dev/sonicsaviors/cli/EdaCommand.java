package dev.sonicsaviors.cli;

import dev.sonicsaviors.io.AudioReader;
import dev.sonicsaviors.pipeline.AudioLoader;
import dev.sonicsaviors.pipeline.report.Eda;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sonic eda}: writes an HTML report with plots describing a corpus of audio files. */
@Command(name = "eda", mixinStandardHelpOptions = true,
        description = {"Describes a folder of audio (searched recursively) in REPORT/index.html with PNG plots and",
                "REPORT/summary.json: counts, durations, sample rates, channels, bit depths, peak and RMS levels,",
                "clipped, silent and unreadable files, and example waveforms, mel spectrograms and MFCC, clean and noisy."})
final class EdaCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "DIR", description = "Folder of audio files.")
    Path dir;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "REPORT", description = "Report folder.")
    Path reportDir;

    @Option(names = "--examples", defaultValue = "3", description = "Example files to plot (default: ${DEFAULT-VALUE}).")
    int examples;

    @Option(names = "--threads", defaultValue = "0", description = "Decoder threads (default: all processors).")
    int threads;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(dir)) {
            throw new java.nio.file.NotDirectoryException(dir.toString());
        }
        if (examples < 0 || threads < 0) {
            throw usage("--examples and --threads must be >= 0");
        }
        Eda.Config d = Eda.Config.defaults();
        Eda.Config cfg = new Eda.Config(examples, d.noiseSigma(), d.seed(), threads, d.features());
        Eda.Report r = new Eda(cfg, AudioReader::read, AudioLoader::loadMono).run(dir, reportDir, new CliProgress(err(), quiet));
        out().printf("%d audio files, %.1f min in total, %d unreadable; report in %s (%.1f s)%n",
                r.files().size(), r.totalSeconds() / 60, r.failures().size(), reportDir.resolve("index.html"), r.seconds());
        return SonicCli.OK;
    }
}
