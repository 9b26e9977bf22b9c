package dev.sonicsaviors.pipeline.dataset;

import dev.sonicsaviors.pipeline.Csv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Speaker of each audio file and a deterministic train/validation split by speaker (no speaker on both sides).
 *
 * <p>A speaker comes from, in order: a {@code manifest.csv} (columns {@code path} and {@code speaker_id}, matched on file name) in the
 * speech folder or its parent; a LibriSpeech-like name {@code SPEAKER-CHAPTER-UTTERANCE} anywhere in the file name
 * ({@code libri_1034-121119-0000} gives {@code 1034}); a RAVDESS name of seven two-digit fields (the actor, the last field); the prefix of
 * the file name before its first {@code '_'} or {@code '-'}; else the file name itself.
 */
public final class SpeakerSplit {

    /** Default share of files put into the validation split. */
    public static final double DEFAULT_VALIDATION_FRACTION = 0.1;

    private static final Pattern LIBRI = Pattern.compile("(?<![0-9])([0-9]+)-([0-9]+)-([0-9]{4})(?![0-9])");
    private static final Pattern RAVDESS = Pattern.compile("(?<![0-9])(?:[0-9]{2}-){6}([0-9]{2})(?![0-9])");

    private final Map<String, String> manifest;

    private SpeakerSplit(Map<String, String> manifest) {
        this.manifest = manifest;
    }

    /**
     * Result of a split.
     *
     * @param train files of the training split, in input order
     * @param validation files of the validation split, in input order
     * @param speakers speaker of every file
     */
    public record Split(List<Path> train, List<Path> validation, Map<Path, String> speakers) {

        /** Copies the lists and map. */
        public Split {
            train = List.copyOf(train);
            validation = List.copyOf(validation);
            speakers = Collections.unmodifiableMap(new LinkedHashMap<>(speakers));
        }

        /** Returns the sorted speakers of the training split. */
        public List<String> trainSpeakers() {
            return List.copyOf(new TreeSet<>(train.stream().map(speakers::get).toList()));
        }

        /** Returns the sorted speakers of the validation split. */
        public List<String> validationSpeakers() {
            return List.copyOf(new TreeSet<>(validation.stream().map(speakers::get).toList()));
        }
    }

    /** Returns a resolver for files under {@code speechDir}, reading {@code manifest.csv} from it or its parent if present. */
    public static SpeakerSplit forFolder(Path speechDir) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        Path dir = speechDir.toAbsolutePath().normalize();
        for (Path candidate : new Path[] {dir.resolve("manifest.csv"), dir.getParent() == null ? null : dir.getParent().resolve("manifest.csv")}) {
            if (candidate != null && Files.isRegularFile(candidate)) {
                m.putAll(readManifest(candidate));
                break;
            }
        }
        return new SpeakerSplit(m);
    }

    /** Returns a resolver that only uses file names (no manifest). */
    public static SpeakerSplit fromNamesOnly() {
        return new SpeakerSplit(Map.of());
    }

    /** Reads a manifest's {@code path} and {@code speaker_id} columns into a map from file name to speaker (rows without a speaker are skipped). */
    public static Map<String, String> readManifest(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        Map<String, String> out = new LinkedHashMap<>();
        if (lines.isEmpty()) {
            return out;
        }
        List<String> header = Csv.parseLine(stripBom(lines.get(0)));
        int pathCol = header.indexOf("path");
        int speakerCol = header.indexOf("speaker_id");
        if (pathCol < 0 || speakerCol < 0) {
            throw new IOException(csv + ": manifest lacks a 'path' or 'speaker_id' column");
        }
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            List<String> f = Csv.parseLine(lines.get(i));
            if (f.size() <= Math.max(pathCol, speakerCol)) {
                continue;
            }
            String speaker = f.get(speakerCol).trim();
            String path = f.get(pathCol).trim();
            if (!speaker.isEmpty() && !path.isEmpty()) {
                String name = path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
                out.put(name, speaker);
            }
        }
        return out;
    }

    private static String stripBom(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    /** Returns the speaker of {@code file} (manifest first, then the file-name rules). */
    public String speakerOf(Path file) {
        String name = file.getFileName().toString();
        String s = manifest.get(name);
        return s != null ? s : speakerFromName(name);
    }

    /** Returns the speaker implied by a file name alone (see the class description). */
    public static String speakerFromName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        String stem = dot > 0 ? fileName.substring(0, dot) : fileName;
        Matcher rav = RAVDESS.matcher(stem);
        if (rav.find()) {
            return "actor-" + rav.group(1);
        }
        Matcher libri = LIBRI.matcher(stem);
        if (libri.find()) {
            return libri.group(1);
        }
        int cut = -1;
        for (int i = 0; i < stem.length(); i++) {
            char ch = stem.charAt(i);
            if (ch == '_' || ch == '-') {
                cut = i;
                break;
            }
        }
        return cut > 0 ? stem.substring(0, cut) : stem;
    }

    /** Splits {@code files} by this resolver's speakers; see {@link #split(List, Function, long, double)}. */
    public Split split(List<Path> files, long seed, double validationFraction) {
        return split(files, this::speakerOf, seed, validationFraction);
    }

    /**
     * Splits files into train and validation by speaker, deterministically for a seed: speakers are sorted, shuffled with the seed and
     * moved to validation one by one while the validation file count is below {@code round(fraction * files)}; at least one speaker stays
     * in training, and with two or more speakers and a positive fraction at least one goes to validation.
     */
    public static Split split(List<Path> files, Function<Path, String> speakerOf, long seed, double validationFraction) {
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in [0, 1): " + validationFraction);
        }
        Map<Path, String> speakers = new LinkedHashMap<>();
        TreeMap<String, Integer> counts = new TreeMap<>();
        for (Path f : files) {
            String s = speakerOf.apply(f);
            speakers.put(f, s);
            counts.merge(s, 1, Integer::sum);
        }
        List<String> order = new ArrayList<>(counts.keySet());
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = order.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            Collections.swap(order, i, j);
        }
        long target = Math.round(validationFraction * files.size());
        if (validationFraction > 0 && order.size() >= 2) {
            target = Math.max(target, 1);
        }
        TreeSet<String> val = new TreeSet<>();
        int valFiles = 0;
        for (int i = 0; i < order.size() - 1 && valFiles < target; i++) {
            val.add(order.get(i));
            valFiles += counts.get(order.get(i));
        }
        List<Path> train = new ArrayList<>();
        List<Path> validation = new ArrayList<>();
        for (Path f : files) {
            (val.contains(speakers.get(f)) ? validation : train).add(f);
        }
        return new Split(train, validation, speakers);
    }
}
