package dev.sonicsaviors.cli;

import dev.sonicsaviors.api.DenoiseOptions;
import dev.sonicsaviors.api.Denoiser;
import dev.sonicsaviors.api.Denoisers;
import dev.sonicsaviors.api.ProgressListener;
import dev.sonicsaviors.io.AtomicFiles;
import dev.sonicsaviors.io.AudioFileWriter;
import dev.sonicsaviors.io.AudioReader;
import dev.sonicsaviors.io.AudioSource;
import dev.sonicsaviors.io.OutputFormat;
import dev.sonicsaviors.pipeline.AudioFiles;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sonic denoise}: removes noise from recordings of any length, rate and channel count, one file or a batch. */
@Command(name = "denoise", mixinStandardHelpOptions = true,
        description = {"Removes noise from audio files and writes WAV or FLAC (by the output name or --format; the input's "
                + "bit depth for WAV and FLAC input, else 16-bit) at the input's rate, length and channel count "
                + "(each channel is denoised separately; content above 11,025 Hz, the models' Nyquist frequency, is denoised on its own "
                + "at the input's rate and kept, not removed).",
                "One input with -o FILE, or several files and folders (searched recursively) with -o DIR/: the same names "
                + "(and sub-folders) with .wav (.flac for --format flac). '-' reads standard input; -o - writes standard output.",
                "A file that fails is reported and the others go on; the exit code is 1 if any failed."})
final class DenoiseCommand extends BaseCommand {
    /** Ways of rebuilding the waveform. */
    enum ReconstructOption { mask, griffinlim }

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Noisy audio files and/or folders (WAV, FLAC, MP3).")
    List<Path> inputs;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE|DIR",
            description = "Output file for one input (WAV, or FLAC for a name ending in .flac; - for standard output); an existing folder or a name ending in '/' receives the files "
                    + "under their own names (several inputs need one). Never one of the inputs: see --in-place.")
    String outputArg;

    @Option(names = "--in-place", description = "Replace each input WAV or FLAC with its denoised version instead of -o "
            + "(written to a temporary file and renamed over the input only when complete).")
    boolean inPlace;

    @Option(names = "--format", paramLabel = "FMT", description = "Output format: " + OutputFormat.NAMES
            + " (default: FLAC for a name ending in .flac, else WAV; the input's bit depth for WAV and FLAC input, else 16).")
    String format;

    @Option(names = "--model", defaultValue = Denoisers.DEFAULT, paramLabel = "NAME|FOLDER",
            description = "Model: default (the bundled learned mask model), specsub (spectral subtraction), wiener "
                    + "(decision-directed Wiener filter) or a model folder from 'sonic train-denoiser' (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--strength", defaultValue = "1", paramLabel = "S",
            description = "0..1: blends each gain towards 1, g' = 1 - S (1 - g) (default: ${DEFAULT-VALUE}).")
    double strength;

    @Option(names = "--reconstruct", defaultValue = "mask", paramLabel = "mask|griffinlim",
            description = "Waveform from the masked spectrogram: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    ReconstructOption reconstruct;

    @Option(names = "--rate", paramLabel = "HZ", description = "Resample the output to this rate (default: the input's).")
    Integer rate;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    /** Lowest input rate in Hz the bundled learned model was trained for (the model card's "Intended use": 8-48 kHz sources). */
    static final int TRAINED_MIN_HZ = 8_000;
    /** Highest input rate in Hz the learned models were trained for. */
    static final int TRAINED_MAX_HZ = 48_000;
    /** Models without training data, which work at any rate. */
    private static final java.util.Set<String> CLASSIC_MODELS = java.util.Set.of("wiener", "specsub");

    /** Inputs that failed before any work (missing files or clashing outputs), counted as files. */
    private int failuresBeforeJobs;

    /** One input file and where its output goes. */
    private record Job(Path input, Path output) {
    }

    @Override
    public Integer call() throws Exception {
        if (!(strength >= 0 && strength <= 1)) {
            throw usage("--strength must be between 0 and 1");
        }
        if (rate != null && (rate < 1000 || rate > 768000)) {
            throw usage("--rate must be 1000..768000 Hz");
        }
        if (inPlace == (outputArg != null)) {
            throw usage(inPlace ? "--in-place replaces the inputs: give it without -o"
                    : "give -o FILE|DIR, or --in-place to replace the inputs");
        }
        if (outputArg != null && outputArg.isBlank()) {
            throw usage("-o: empty file name");
        }
        if (format != null && !OutputFormat.known(format)) {
            throw usage("--format: unknown format '" + format + "' (known: " + OutputFormat.NAMES + ")");
        }
        checkModelFolder(model);
        List<String> failures = new ArrayList<>();
        List<Job> jobs = jobs(failures);
        refuseReplacingInputs(jobs);
        Denoiser denoiser;
        try {
            denoiser = Denoisers.load(new DenoiseOptions(model, strength,
                    reconstruct == ReconstructOption.mask ? DenoiseOptions.Reconstruction.MASK : DenoiseOptions.Reconstruction.GRIFFIN_LIM));
        } catch (IllegalArgumentException e) {
            throw usage("--model: " + e.getMessage());
        }

        CliProgress bar = new CliProgress(err(), quiet);
        long started = System.nanoTime();
        double audioSeconds = 0;
        int done = 0;
        if (!jobs.isEmpty()) {
            bar.start(jobs.size() == 1 ? jobs.get(0).input().getFileName().toString() : "denoise", jobs.size() * 1000L);
        }
        List<String> lines = new ArrayList<>();
        List<Throwable> traces = new ArrayList<>();
        for (Job job : jobs) {
            FileProgress progress = new FileProgress(bar);
            try {
                audioSeconds += denoise(job, denoiser, progress);
                done++;
                lines.add(job.input() + " -> " + job.output());
                progress.finish();
            } catch (Exception | OutOfMemoryError e) {
                failures.add(failure(job.input(), e)); // its share of the bar stays unfinished: no "100 %" for a failure
                traces.add(e);
            }
        }
        bar.done();
        denoiser.close();
        double seconds = (System.nanoTime() - started) / 1e9;
        java.io.PrintStream results = "-".equals(outputArg) ? err() : out(); // standard output carries the audio
        for (String l : lines) {
            results.println(l);
        }
        for (String f : failures) {
            err().println("sonic: " + f);
        }
        if (spec.commandLine().getParseResult().hasMatchedOption("--verbose")) {
            for (Throwable t : traces) {
                t.printStackTrace(err());
            }
        }
        if (jobs.size() + failuresBeforeJobs == 1 && !failures.isEmpty()) {
            return SonicCli.FAILURE; // the one-line error says it all
        }
        results.printf(Locale.ROOT, "%d of %d file%s denoised with %s (%.1f s of audio in %.1f s, real-time factor %.3f)%n",
                done, jobs.size() + failuresBeforeJobs, jobs.size() + failuresBeforeJobs == 1 ? "" : "s",
                denoiser.card().name(), audioSeconds, seconds, audioSeconds > 0 ? seconds / audioSeconds : 0);
        return failures.isEmpty() ? SonicCli.OK : SonicCli.FAILURE;
    }

    /**
     * Expands folders and decides the output paths as cp does: one input file and a name that is not a folder gives that
     * file; an existing folder or a name ending in '/' receives files under their own names (with .wav), as does a new
     * folder for a single folder input; several inputs need a folder. Inputs that are missing, and folders without
     * audio, go to {@code failures}.
     */
    private List<Job> jobs(List<String> failures) throws Exception {
        if (inPlace) {
            List<Job> jobs = new ArrayList<>();
            for (Path in : inputs) {
                for (Path f : inputFiles(in, failures)) {
                    jobs.add(new Job(f, f.toRealPath()));
                }
            }
            return jobs;
        }
        Path output = Path.of(outputArg);
        if (outputArg.equals("-")) {
            if (inputs.size() != 1 || Files.isDirectory(inputs.get(0))) {
                throw usage("-o - (standard output) takes one input file");
            }
            return List.of(new Job(inputs.get(0), output));
        }
        boolean anyFolder = false;
        for (Path in : inputs) {
            anyFolder |= Files.isDirectory(in);
        }
        boolean slash = outputArg.endsWith("/") || outputArg.endsWith(File.separator);
        boolean existingFolder = Files.isDirectory(output);
        if (inputs.size() == 1 && AudioReader.isStdin(inputs.get(0)) && (existingFolder || slash)) {
            throw usage("standard input has no name: give -o FILE or -o -");
        }
        if (!(inputs.size() > 1 || anyFolder || existingFolder || slash)) {
            return List.of(new Job(inputs.get(0), output));
        }
        if (Files.exists(output) && !existingFolder) {
            throw usage("-o " + outputArg + " is a file: several inputs or a folder input need a folder");
        }
        if (inputs.size() > 1 && !existingFolder && !slash) {
            throw usage("-o " + outputArg + ": several inputs need an existing folder, or a name ending in '/' to create one");
        }
        List<Job> jobs = new ArrayList<>();
        Map<Path, Path> taken = new HashMap<>();
        for (Path in : inputs) {
            List<Job> found = new ArrayList<>();
            for (Path f : inputFiles(in, failures)) {
                String name = Files.isDirectory(in) ? AudioFiles.relative(in, f) : f.getFileName().toString();
                found.add(new Job(f, output.resolve(withExtension(name))));
            }
            for (Job j : found) {
                Path key = j.output().toAbsolutePath().normalize();
                Path first = taken.putIfAbsent(key, j.input());
                if (first != null) {
                    failures.add(j.input() + ": its output " + j.output() + " would overwrite that of " + first);
                    failuresBeforeJobs++;
                } else {
                    jobs.add(j);
                }
            }
        }
        return jobs;
    }

    /** Returns the audio files of one input argument (itself, or a folder's audio files); problems go to {@code failures}. */
    private List<Path> inputFiles(Path in, List<String> failures) throws Exception {
        if (Files.isDirectory(in)) {
            List<Path> found = AudioFiles.list(in);
            if (found.isEmpty()) {
                failures.add(in + ": no audio files (.wav, .flac, .mp3) in this folder");
                failuresBeforeJobs++;
            }
            return found;
        }
        if (!Files.exists(in)) {
            failures.add(failure(in, new NoSuchFileException(in.toString())));
            failuresBeforeJobs++;
            return List.of();
        }
        if (AudioReader.isStdin(in)) {
            if (inPlace) {
                throw usage("--in-place cannot replace standard input");
            }
            return List.of(in);
        }
        String lower = in.getFileName().toString().toLowerCase(Locale.ROOT);
        if (inPlace && !(lower.endsWith(".wav") || lower.endsWith(".flac"))) {
            failures.add(in + ": --in-place only replaces .wav and .flac files (sonic writes no MP3)");
            failuresBeforeJobs++;
            return List.of();
        }
        return List.of(in);
    }

    /** Refuses (usage error, nothing written) a run in which an output would replace one of the inputs, unless --in-place. */
    private void refuseReplacingInputs(List<Job> jobs) {
        if (inPlace) {
            return;
        }
        List<Path> all = new ArrayList<>();
        for (Job j : jobs) {
            if (!AudioReader.isStdin(j.input())) {
                all.add(j.input());
            }
        }
        for (Job j : jobs) {
            if (j.output().toString().equals("-")) {
                continue; // standard output
            }
            Path victim = SamePath.replacedInput(j.output(), all);
            if (victim != null) {
                throw usage("-o " + outputArg + ": the output " + j.output() + " would replace the input " + victim
                        + " (nothing written; --in-place replaces inputs on purpose)");
            }
        }
    }

    /**
     * Denoises one file segment by segment, reporting to {@code progress}, and returns its duration in seconds: WAV input is
     * read on demand ({@link AudioReader#open}; FLAC and MP3 are decoded whole first), the output (resampled on the fly for
     * {@code --rate}) goes to a temporary file renamed over the output only when everything succeeded.
     */
    private double denoise(Job job, Denoiser denoiser, FileProgress progress) throws Exception {
        AudioSource in = AudioReader.open(job.input());
        boolean toStdout = job.output().toString().equals("-");
        AudioFileWriter out = null;
        Path target = null;
        try {
            int inRate = in.sampleRate();
            int channels = in.channelCount();
            int outRate = rate != null ? rate : inRate;
            if (!CLASSIC_MODELS.contains(model) && (inRate < TRAINED_MIN_HZ || inRate > TRAINED_MAX_HZ)) {
                err().printf(Locale.ROOT, "sonic: %s: warning: %d Hz input is outside the %d-%d Hz the learned models were "
                        + "trained for (see the model card); expect weaker denoising%n", AudioReader.isStdin(job.input())
                        ? "stdin" : job.input(), inRate, TRAINED_MIN_HZ, TRAINED_MAX_HZ);
            }
            OutputFormat fmt = format != null ? OutputFormat.parse(format, in)
                    : new OutputFormat(!toStdout && OutputFormat.flacByName(job.output()),
                            OutputFormat.depthFor(!toStdout && OutputFormat.flacByName(job.output()), in));
            if (inPlace && fmt.flac() != OutputFormat.flacByName(job.output())) {
                throw new java.io.IOException(job.input() + ": --format " + format + " would put "
                        + (fmt.flac() ? "FLAC" : "WAV") + " data under this name; --in-place keeps the container");
            }
            target = toStdout ? AtomicFiles.createTrackedTempFile("sonic-output-", fmt.flac() ? ".flac" : ".wav") : job.output();
            out = AudioFileWriter.create(target, fmt, channels, outRate);
            denoiser.denoise(in, out, outRate, progress, null);
            double seconds = in.durationSeconds();
            in.close(); // before the rename, which may replace the input itself
            out.commit();
            if (toStdout) {
                Files.copy(target, out());
                out().flush();
                if (out().checkError()) {
                    throw new java.io.IOException("standard output: write failed (a closed pipe?)");
                }
            }
            return seconds;
        } finally {
            in.close();
            if (out != null) {
                out.close(); // deletes the temporary file unless committed
            }
            if (toStdout && target != null) {
                AtomicFiles.deleteTracked(target);
            }
        }
    }

    /** Turns one file's finished samples into 1000 units of the shared bar. */
    private static final class FileProgress implements ProgressListener {
        private final CliProgress bar;
        private long reported;

        FileProgress(CliProgress bar) {
            this.bar = bar;
        }

        @Override
        public void progress(long samples, long total) {
            long units = total <= 0 ? 0 : Math.min(999, samples * 1000 / total);
            bar.step(units - reported);
            reported = units;
        }

        /** Completes this file's share of the bar, whether it succeeded or failed. */
        void finish() {
            bar.step(1000 - reported);
            reported = 1000;
        }
    }

    /** Returns the one-line report of a failed input, naming the file. */
    private static String failure(Path input, Throwable e) {
        String msg = Errors.oneLine(e);
        if (AudioReader.isStdin(input)) {
            return msg.startsWith("stdin") ? msg : "stdin: " + msg;
        }
        return msg.contains(input.toString()) || msg.contains(input.getFileName().toString()) ? msg : input + ": " + msg;
    }

    /** Returns {@code name} with its extension replaced by that of the output format: .flac for --format flac*, else .wav. */
    private String withExtension(String name) {
        int slash = name.lastIndexOf('/');
        int dot = name.lastIndexOf('.');
        boolean flac = format != null && format.toLowerCase(Locale.ROOT).startsWith("flac");
        return (dot > slash ? name.substring(0, dot) : name) + (flac ? ".flac" : ".wav");
    }
}
