package dev.sonicsaviors.pipeline.train;

import dev.sonicsaviors.dsp.ComplexSpectrogram;
import dev.sonicsaviors.dsp.Stft;
import dev.sonicsaviors.dsp.noise.MixtureAugmentation;
import dev.sonicsaviors.dsp.noise.NoiseAugmentation;
import dev.sonicsaviors.model.ArrayTrainingData;
import dev.sonicsaviors.model.TrainingData;
import dev.sonicsaviors.pipeline.AudioFiles;
import dev.sonicsaviors.pipeline.MonoLoader;
import dev.sonicsaviors.pipeline.Progress;
import dev.sonicsaviors.pipeline.Tasks;
import dev.sonicsaviors.pipeline.dataset.NoisyExamples;
import dev.sonicsaviors.pipeline.dataset.SpeakerSplit;
import dev.sonicsaviors.pipeline.denoise.MaskFeatures;
import dev.sonicsaviors.pipeline.denoise.MaskGainModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Training data for the learned mask models, mixed on the fly: each example is a random speech crop of
 * {@code (frames - 1) * HOP} samples (zero-padded if the file is shorter) at a level varied by +-6 dB, plus a random
 * noise recording from a random offset (looped; for training varied by a {@link NoiseAugmentation}) at an SNR uniform in
 * [-5, 20] dB, the whole mixture optionally varied by a {@link MixtureAugmentation} (reverberation, rumble, level, band limit,
 * a nearly clean SNR, a microphone's colour or thinness on the speech);
 * input = noisy compressed magnitude,
 * target = clean compressed magnitude, both scaled by the noisy spectrogram's level ({@link MaskFeatures}), C order
 * {@code (bin, frame)}. Every example is a pure function of seed, epoch and index, so a resumed run sees the same data.
 */
public final class MaskTrainingData implements TrainingData {

    /** Lowest mixing SNR in dB. */
    public static final double SNR_MIN = -5;
    /** Highest mixing SNR in dB. */
    public static final double SNR_MAX = 20;
    /** Speech level variation in dB (uniform in +-this). */
    public static final double LEVEL_DB = 6;
    /**
     * Highest band limit in Hz of a mixture that {@link #withEmptyBandFloor} floors: the Nyquist frequency of the highest input
     * rate whose features the model floors when denoising ({@link MaskGainModel#EMPTY_BAND_MAX_RATE}), 4 kHz.
     */
    public static final double EMPTY_BAND_FLOOR_MAX_HZ = MaskGainModel.EMPTY_BAND_MAX_RATE / 2.0;
    /** First bin of that floor: the first at or above that frequency, where such input leaves the band empty. */
    private static final int EMPTY_BAND_FLOOR_BIN = MaskFeatures.firstBinAtOrAbove(EMPTY_BAND_FLOOR_MAX_HZ);
    /** Mixed into an example's seed for its floor, so that the floor's draws are not the mixture's. */
    private static final long FLOOR_SALT = 0x7E1E_F100L;

    /**
     * One mixture: clean and noisy waveforms at 22,050 Hz, the SNR in dB, the noise recording's index and the highest frequency
     * of the source in Hz (+infinity for the full band; the caller band-limits the spectra, see {@link #bandLimit}).
     */
    public record Mixture(float[] clean, float[] noisy, double snrDb, int noise, double bandHz) {

        /** A full-band mixture. */
        public Mixture(float[] clean, float[] noisy, double snrDb, int noise) {
            this(clean, noisy, snrDb, noise, Double.POSITIVE_INFINITY);
        }
    }

    /** Fewest talkers in a babble noise ({@link #withBabble}). */
    public static final int BABBLE_MIN_TALKERS = 4;
    /** Most talkers in a babble noise ({@link #withBabble}). */
    public static final int BABBLE_MAX_TALKERS = 8;

    private final List<float[]> speech;
    private final List<float[]> noise;
    private final int size;
    private final int frames;
    private final long seed;
    private final NoiseAugmentation augmentation;
    private final List<float[]> rirs;
    private final MixtureAugmentation mix;
    private final int[] noiseFolders;
    private final boolean noiseByFolder;
    private final boolean emptyBandFloor;
    private final boolean phase;
    /** Share of training mixtures whose noise is babble ({@link #withBabble}). */
    private final double babble;
    private volatile int epoch;

    /**
     * Creates the data over decoded {@code speech} and {@code noise} recordings (mono, 22,050 Hz), {@code size} examples per
     * epoch of {@code frames} STFT frames each, seeded by {@code seed}.
     */
    public MaskTrainingData(List<float[]> speech, List<float[]> noise, int size, int frames, long seed) {
        this(speech, noise, size, frames, seed, NoiseAugmentation.none());
    }

    /** Same as {@link #MaskTrainingData(List, List, int, int, long)} with the noise varied by {@code augmentation}. */
    public MaskTrainingData(List<float[]> speech, List<float[]> noise, int size, int frames, long seed, NoiseAugmentation augmentation) {
        this(speech, noise, List.of(), size, frames, seed, augmentation, MixtureAugmentation.none());
    }

    /**
     * Same as {@link #MaskTrainingData(List, List, int, int, long, NoiseAugmentation)} with the whole mixture varied by {@code mix}
     * (reverberation with the impulse responses {@code rirs} at 22,050 Hz, rumble, level, band limit).
     */
    public MaskTrainingData(List<float[]> speech, List<float[]> noise, List<float[]> rirs, int size, int frames, long seed,
                            NoiseAugmentation augmentation, MixtureAugmentation mix) {
        this(speech, noise, rirs, size, frames, seed, augmentation, mix, new int[] {noise.size()}, false, false, false, 0);
    }

    private MaskTrainingData(List<float[]> speech, List<float[]> noise, List<float[]> rirs, int size, int frames, long seed,
                             NoiseAugmentation augmentation, MixtureAugmentation mix, int[] noiseFolders, boolean noiseByFolder,
                             boolean emptyBandFloor, boolean phase, double babble) {
        if (!(babble >= 0 && babble <= 1)) {
            throw new IllegalArgumentException("babble share must be in [0, 1]: " + babble);
        }
        if (speech.isEmpty() || noise.isEmpty() || size < 1 || frames < 2) {
            throw new IllegalArgumentException("need speech, noise, size >= 1 and frames >= 2");
        }
        long total = 0;
        for (int n : noiseFolders) {
            if (n < 1) {
                throw new IllegalArgumentException("every noise folder needs at least one recording");
            }
            total += n;
        }
        if (total != noise.size()) {
            throw new IllegalArgumentException("noise folder sizes add up to " + total + ", not to the " + noise.size() + " recordings");
        }
        this.noiseFolders = noiseFolders.clone();
        this.noiseByFolder = noiseByFolder;
        this.emptyBandFloor = emptyBandFloor;
        this.phase = phase;
        this.babble = babble;
        this.speech = List.copyOf(speech);
        this.noise = List.copyOf(noise);
        this.size = size;
        this.frames = frames;
        this.seed = seed;
        this.augmentation = Objects.requireNonNull(augmentation, "augmentation");
        this.rirs = List.copyOf(rirs);
        this.mix = Objects.requireNonNull(mix, "mix");
    }

    /**
     * Returns a copy whose noise recordings, listed folder after folder with {@code folderSizes} recordings each, are drawn
     * folder first (each folder equally likely) and then uniformly within the folder; otherwise every recording is equally
     * likely, so a folder of many short clips outweighs one of a few long recordings.
     */
    public MaskTrainingData withNoiseDrawnByFolder(int... folderSizes) {
        return new MaskTrainingData(speech, noise, rirs, size, frames, seed, augmentation, mix, folderSizes, true, emptyBandFloor, phase, babble);
    }

    /**
     * Returns a copy whose mixtures (speech excerpt, noise, SNR, augmentation) are drawn from {@code mixingSeed} instead of
     * the seed it was made with; the recordings, sizes and augmentations are unchanged.
     */
    public MaskTrainingData withMixingSeed(long mixingSeed) {
        return new MaskTrainingData(speech, noise, rirs, size, frames, mixingSeed, augmentation, mix, noiseFolders, noiseByFolder,
                emptyBandFloor, phase, babble);
    }

    /**
     * Returns a copy whose narrow-band mixtures (a source band-limited to {@value #EMPTY_BAND_FLOOR_MAX_HZ} Hz or less) reach the
     * network with the noise floor that 8 kHz input gets when denoised ({@link MaskFeatures#compressedWithFloor} from the first
     * bin at or above 4 kHz, seeded per example), so that the network trains on the features it is served; the targets are
     * unchanged.
     */
    public MaskTrainingData withEmptyBandFloor() {
        return new MaskTrainingData(speech, noise, rirs, size, frames, seed, augmentation, mix, noiseFolders, noiseByFolder, true, phase, babble);
    }

    /**
     * Returns a copy whose examples have the three channels of the deep-filtering models ({@link MaskFeatures#withPhase}:
     * input the compressed magnitude and the unit phase, target the compressed magnitude and the compressed complex value),
     * C order {@code (bin, frame, channel)}; the mixtures are unchanged.
     */
    public MaskTrainingData withPhase() {
        return new MaskTrainingData(speech, noise, rirs, size, frames, seed, augmentation, mix, noiseFolders, noiseByFolder, emptyBandFloor,
                true, babble);
    }

    /**
     * Returns a copy in which a share {@code share} (in [0, 1]) of the mixtures has babble instead of a noise recording: the
     * sum of {@value #BABBLE_MIN_TALKERS}-{@value #BABBLE_MAX_TALKERS} crops of other training recordings, each at unit RMS
     * +-6 dB, reverberated by a random impulse response half of the time, mixed at an SNR of 0-20 dB (a draw below 0 dB is
     * mirrored, so that the talker to keep stays the loudest); a crowd of talkers is what cafés, bars and offices sound like.
     */
    public MaskTrainingData withBabble(double share) {
        return new MaskTrainingData(speech, noise, rirs, size, frames, seed, augmentation, mix, noiseFolders, noiseByFolder, emptyBandFloor,
                phase, share);
    }

    /** Returns the channels per bin and frame of an example: 3 with {@link #withPhase}, else 1. */
    public int channels() {
        return phase ? 3 : 1;
    }

    /** Returns the seed every mixture is drawn from (with the epoch and the example's index). */
    public long mixingSeed() {
        return seed;
    }

    /** Returns the number of noise recordings of each folder, in list order (one entry when the folders are not known). */
    public int[] noiseFolderSizes() {
        return noiseFolders.clone();
    }

    /** Returns the examples per epoch. */
    @Override
    public int size() {
        return size;
    }

    /** Returns {@code BINS * frames * channels()}. */
    @Override
    public int exampleSize() {
        return MaskFeatures.BINS * frames * channels();
    }

    /** Re-seeds the mixing for 1-based {@code epoch}. */
    @Override
    public void beginEpoch(int e) {
        this.epoch = e;
    }

    /** Mixes the examples at {@code indices} for the current epoch and writes their compressed magnitudes. */
    @Override
    public void fill(int[] indices, float[] noisyOut, float[] cleanOut) {
        Stft stft = new Stft(MaskFeatures.N_FFT, MaskFeatures.HOP);
        int n = exampleSize();
        float[] xMag = phase ? new float[MaskFeatures.BINS * frames] : null;
        float[] yMag = phase ? new float[MaskFeatures.BINS * frames] : null;
        for (int i = 0; i < indices.length; i++) {
            long exampleSeed = FreshNoiseTrainingData.exampleSeed(seed, epoch, indices[i]);
            Mixture m = mixture(new SplittableRandom(exampleSeed), (frames - 1) * MaskFeatures.HOP, Double.NaN);
            ComplexSpectrogram ns = stft.forward(m.noisy());
            ComplexSpectrogram cs = stft.forward(m.clean());
            if (m.bandHz() < MaskFeatures.RATE / 2.0) {
                bandLimit(ns, m.bandHz());
                bandLimit(cs, m.bandHz());
            }
            double scale = MaskFeatures.levelScale(ns);
            float[] xOut = phase ? xMag : noisyOut;
            float[] yOut = phase ? yMag : cleanOut;
            int at = phase ? 0 : i * n;
            if (emptyBandFloor && m.bandHz() <= EMPTY_BAND_FLOOR_MAX_HZ) {
                MaskFeatures.compressedWithFloor(ns, scale, EMPTY_BAND_FLOOR_BIN, exampleSeed ^ FLOOR_SALT, xOut, at);
            } else {
                MaskFeatures.compressed(ns, scale, xOut, at);
            }
            MaskFeatures.compressed(cs, scale, yOut, at);
            if (phase) {
                MaskFeatures.withPhase(xMag, 0, ns, false, noisyOut, i * n);
                MaskFeatures.withPhase(yMag, 0, cs, true, cleanOut, i * n);
            }
        }
    }

    /**
     * Band-limits {@code s} (22,050 Hz, {@link MaskFeatures} layout) in place as a source sampled at twice {@code bandHz} would
     * be: bins above {@code bandHz} are zeroed, with a raised-cosine edge over the 300 Hz below it.
     */
    public static void bandLimit(ComplexSpectrogram s, double bandHz) {
        double binHz = (double) MaskFeatures.RATE / MaskFeatures.N_FFT;
        for (int k = 0; k < s.bins(); k++) {
            double f = k * binHz;
            double g = f >= bandHz ? 0 : f <= bandHz - 300 ? 1 : 0.5 * (1 + Math.cos(Math.PI * (f - bandHz + 300) / 300));
            if (g < 1) {
                float[] re = s.re()[k];
                float[] im = s.im()[k];
                for (int t = 0; t < re.length; t++) {
                    re[t] = (float) (re[t] * g);
                    im[t] = (float) (im[t] * g);
                }
            }
        }
    }

    /** Returns a copy of every example of epoch {@code e} (for a fixed validation set). */
    public ArrayTrainingData materialize(int e) {
        int old = epoch;
        epoch = e;
        float[] x = new float[size * exampleSize()];
        float[] y = new float[x.length];
        int[] idx = new int[size];
        for (int i = 0; i < size; i++) {
            idx[i] = i;
        }
        fill(idx, x, y);
        epoch = old;
        return new ArrayTrainingData(x, y, exampleSize());
    }

    /**
     * Draws one mixture of {@code length} samples from {@code r}: speech crop, level, noise file and offset, and the SNR
     * ({@code snrDb}; when NaN, the augmentation's nearly clean SNR if it drew one, else uniform in [{@link #SNR_MIN},
     * {@link #SNR_MAX}]).
     */
    public Mixture mixture(SplittableRandom r, int length, double snrDb) {
        float[] clean = speechCrop(r, length);
        MixtureAugmentation.Draw d = mix.draw(r, rirs.size());
        if (d.rir() >= 0) {
            clean = MixtureAugmentation.reverberate(clean, rirs.get(d.rir()), MaskFeatures.RATE);
        }
        if (d.speechEq() != null) { // the microphone after the room; the target keeps the colour
            clean = d.speechEq().apply(clean, MaskFeatures.RATE);
        }
        if (d.thinMic() != null) { // the same for a thin microphone
            clean = d.thinMic().apply(clean, MaskFeatures.RATE);
        }
        double level = Math.pow(10, r.nextDouble(-LEVEL_DB, LEVEL_DB) / 20);
        double ps = 0;
        for (int i = 0; i < length; i++) {
            clean[i] *= (float) level;
            ps += (double) clean[i] * clean[i];
        }
        boolean crowd = babble > 0 && r.nextDouble() < babble;
        int ni;
        float[] n;
        if (crowd) {
            ni = -1;
            n = babble(r, length);
        } else {
            NoiseAugmentation.Segment seg = augmentation.draw(noise, drawNoise(r), r, length, MaskFeatures.RATE);
            ni = seg.recording();
            n = seg.samples();
        }
        double snr = !Double.isNaN(snrDb) ? snrDb : !Double.isNaN(d.snrDb()) ? d.snrDb() : r.nextDouble(SNR_MIN, SNR_MAX);
        if (crowd && Double.isNaN(snrDb) && snr < 0) {
            snr = -snr;
        }
        n = MixtureAugmentation.withRumble(n, r, MaskFeatures.RATE, d);
        double pn = 0;
        for (int i = 0; i < length; i++) {
            pn += (double) n[i] * n[i];
        }
        double g = ps > 1e-9 && pn > 1e-12 ? Math.sqrt(ps / pn / Math.pow(10, snr / 10)) : (pn > 1e-12 ? 0.01 / Math.sqrt(pn / length) : 0);
        float[] noisy = new float[length];
        for (int i = 0; i < length; i++) {
            noisy[i] = clean[i] + (float) (g * n[i]);
        }
        if (!Double.isNaN(d.peakDbfs())) {
            MixtureAugmentation.setLevel(clean, noisy, d.peakDbfs());
        }
        return new Mixture(clean, noisy, snr, ni, d.bandHz());
    }


    /**
     * Returns {@code length} samples of a speech recording drawn from {@code r}: a random excerpt of a longer one, or a shorter
     * one whole at a random offset in silence.
     */
    private float[] speechCrop(SplittableRandom r, int length) {
        float[] src = speech.get(r.nextInt(speech.size()));
        float[] crop = new float[length];
        if (src.length >= length) {
            System.arraycopy(src, r.nextInt(src.length - length + 1), crop, 0, length);
        } else {
            System.arraycopy(src, 0, crop, r.nextInt(length - src.length + 1), src.length);
        }
        return crop;
    }

    /** Returns {@code length} samples of babble drawn from {@code r} (see {@link #withBabble}). */
    private float[] babble(SplittableRandom r, int length) {
        int talkers = BABBLE_MIN_TALKERS + r.nextInt(BABBLE_MAX_TALKERS - BABBLE_MIN_TALKERS + 1);
        float[] out = new float[length];
        for (int j = 0; j < talkers; j++) {
            float[] crop = speechCrop(r, length);
            double p = 0;
            for (float v : crop) {
                p += (double) v * v;
            }
            double gain = Math.pow(10, r.nextDouble(-LEVEL_DB, LEVEL_DB) / 20);
            if (p > 1e-12) {
                double g = gain / Math.sqrt(p / length);
                for (int i = 0; i < length; i++) {
                    out[i] += (float) (g * crop[i]);
                }
            }
        }
        if (!rirs.isEmpty() && r.nextBoolean()) {
            out = MixtureAugmentation.reverberate(out, rirs.get(r.nextInt(rirs.size())), MaskFeatures.RATE);
        }
        return out;
    }

    /** Draws the main noise recording's index: uniformly over the recordings, or over the folders first when so configured. */
    private int drawNoise(SplittableRandom r) {
        if (!noiseByFolder || noiseFolders.length == 1) {
            return r.nextInt(noise.size());
        }
        int folder = r.nextInt(noiseFolders.length);
        int start = 0;
        for (int i = 0; i < folder; i++) {
            start += noiseFolders[i];
        }
        return start + r.nextInt(noiseFolders[folder]);
    }

    /**
     * Train and validation data with their provenance.
     *
     * @param train fresh mixtures every epoch (train speakers, train noise)
     * @param validationSource the validation mixer (validation speakers, validation noise), for fixed sets and SI-SDR checks
     * @param validation a fixed validation set (epoch 0 of {@code validationSource})
     * @param provenance counts, speakers, noise files (JSON-friendly)
     */
    public record Sets(MaskTrainingData train, MaskTrainingData validationSource, ArrayTrainingData validation, Map<String, Object> provenance) {

        /**
         * Returns these sets with the training noise drawn folder first ({@link MaskTrainingData#withNoiseDrawnByFolder}, each
         * noise folder equally likely), recorded in the provenance as {@code noiseDraw}; the validation data are unchanged.
         */
        public Sets withNoiseDrawnByFolder() {
            Map<String, Object> prov = new LinkedHashMap<>(provenance);
            prov.put("noiseDraw", "folder first (each noise folder equally likely), then a recording within it");
            return new Sets(train.withNoiseDrawnByFolder(train.noiseFolderSizes()), validationSource, validation, prov);
        }

        /**
         * Returns these sets with the training mixtures drawn from {@code mixingSeed} ({@link MaskTrainingData#withMixingSeed}),
         * recorded in the provenance as {@code mixingSeed}; the speaker split and the validation data are unchanged, so a run
         * continued from a model sees new mixtures of the same training material and is scored on the same validation set.
         */
        public Sets withMixingSeed(long mixingSeed) {
            Map<String, Object> prov = new LinkedHashMap<>(provenance);
            prov.put("mixingSeed", mixingSeed);
            return new Sets(train.withMixingSeed(mixingSeed), validationSource, validation, prov);
        }

        /**
         * Returns these sets with the training data's narrow-band mixtures floored ({@link MaskTrainingData#withEmptyBandFloor}),
         * recorded in the provenance as {@code emptyBandFloor}; the validation data are unchanged.
         */
        public Sets withEmptyBandFloor() {
            Map<String, Object> prov = new LinkedHashMap<>(provenance);
            prov.put("emptyBandFloor", "narrow-band mixtures (band <= " + EMPTY_BAND_FLOOR_MAX_HZ + " Hz) get the features' noise floor of "
                    + MaskFeatures.EMPTY_BAND_FLOOR + " of the mean power per bin from bin " + EMPTY_BAND_FLOOR_BIN + " up");
            return new Sets(train.withEmptyBandFloor(), validationSource, validation, prov);
        }

        /**
         * Returns these sets with babble as the noise of a share {@code share} of the training mixtures
         * ({@link MaskTrainingData#withBabble}), recorded in the provenance as {@code babble}; the validation data are unchanged.
         */
        public Sets withBabble(double share) {
            Map<String, Object> prov = new LinkedHashMap<>(provenance);
            prov.put("babble", share + " of the training mixtures: " + BABBLE_MIN_TALKERS + "-" + BABBLE_MAX_TALKERS
                    + " other training recordings summed, SNR 0-20 dB");
            return new Sets(train.withBabble(share), validationSource, validation, prov);
        }

        /**
         * Returns these sets in the three-channel layout of the deep-filtering models ({@link MaskTrainingData#withPhase}),
         * training and validation alike (the validation examples are the same mixtures), recorded in the provenance as
         * {@code features}.
         */
        public Sets withPhase() {
            Map<String, Object> prov = new LinkedHashMap<>(provenance);
            prov.put("features", "compressed magnitude and phase (deep filtering)");
            MaskTrainingData source = validationSource.withPhase();
            return new Sets(train.withPhase(), source, source.materialize(0), prov);
        }
    }

    /**
     * Decodes {@code speechDir} and {@code noiseDir} and splits them: speech by speaker ({@link SpeakerSplit}, 10 % of the
     * speakers to validation, {@code seed}), noise in sorted order with every 5th file to validation (as
     * {@link FreshNoiseTrainingData}), so validation speakers and noise recordings are never trained on.
     *
     * @throws IOException if a folder has no usable audio, or the noise folder fewer than 2 files
     */
    public static Sets fromFolders(Path speechDir, Path noiseDir, int examplesPerEpoch, int validationExamples, int frames, long seed,
                                   MonoLoader loader, int threads, Progress progress) throws IOException {
        return fromFolders(speechDir, noiseDir, examplesPerEpoch, validationExamples, frames, seed, NoiseAugmentation.none(), loader, threads,
                progress);
    }

    /**
     * Same as {@link #fromFolders(Path, Path, int, int, int, long, MonoLoader, int, Progress)} with the training noise varied by
     * {@code augmentation} (validation noise is never augmented).
     *
     * @throws IOException if a folder has no usable audio, or the noise folder fewer than 2 files
     */
    public static Sets fromFolders(Path speechDir, Path noiseDir, int examplesPerEpoch, int validationExamples, int frames, long seed,
                                   NoiseAugmentation augmentation, MonoLoader loader, int threads, Progress progress) throws IOException {
        List<Path> speechFiles = AudioFiles.list(speechDir);
        List<Path> noiseFiles = AudioFiles.list(noiseDir);
        if (speechFiles.isEmpty()) {
            throw new IOException(speechDir + ": no audio files (wav, flac, mp3)");
        }
        if (noiseFiles.size() < 2) {
            throw new IOException(noiseDir + ": need at least 2 noise files (disjoint train and validation noise), found " + noiseFiles.size());
        }
        List<Path> trainNoise = new ArrayList<>();
        List<Path> valNoise = new ArrayList<>();
        int every = FreshNoiseTrainingData.NOISE_VALIDATION_EVERY;
        for (int i = 0; i < noiseFiles.size(); i++) {
            boolean val = i % every == every - 1 || (noiseFiles.size() < every && i == noiseFiles.size() - 1);
            (val ? valNoise : trainNoise).add(noiseFiles.get(i));
        }
        SpeakerSplit.Split split = SpeakerSplit.forFolder(speechDir).split(speechFiles, seed, SpeakerSplit.DEFAULT_VALIDATION_FRACTION);
        Set<Path> valSpeech = new HashSet<>(split.validation());
        ExecutorService pool = decodePool(threads);
        try {
            List<String> skipped = new ArrayList<>();
            List<float[]> tn = decode(trainNoise, loader, pool, skipped, progress, "load train noise");
            List<float[]> vn = decode(valNoise, loader, pool, skipped, progress, "load validation noise");
            List<Path> trainSpeechFiles = speechFiles.stream().filter(f -> !valSpeech.contains(f)).toList();
            List<Path> valSpeechFiles = speechFiles.stream().filter(valSpeech::contains).toList();
            List<float[]> ts = decode(trainSpeechFiles, loader, pool, skipped, progress, "load train speech");
            List<float[]> vs = decode(valSpeechFiles, loader, pool, skipped, progress, "load validation speech");
            if (tn.isEmpty() || vn.isEmpty() || ts.isEmpty() || vs.isEmpty()) {
                throw new IOException(speechDir + ", " + noiseDir + ": a split has no decodable audio (" + String.join("; ", skipped) + ")");
            }
            MaskTrainingData train = new MaskTrainingData(ts, tn, examplesPerEpoch, frames, seed, augmentation);
            MaskTrainingData valSource = new MaskTrainingData(vs, vn, validationExamples, frames, seed + 1);
            Map<String, Object> prov = new LinkedHashMap<>();
            prov.put("speechFolder", speechDir.toString());
            prov.put("noiseFolder", noiseDir.toString());
            prov.put("trainSpeechFiles", ts.size());
            prov.put("validationSpeechFiles", vs.size());
            prov.put("trainSpeakers", split.trainSpeakers().size());
            prov.put("validationSpeakers", split.validationSpeakers());
            prov.put("trainNoise", names(noiseDir, trainNoise));
            prov.put("validationNoise", names(noiseDir, valNoise));
            prov.put("skipped", skipped);
            prov.put("snrDb", List.of(SNR_MIN, SNR_MAX));
            prov.put("levelDb", LEVEL_DB);
            prov.put("noiseAugmentation", augmentation);
            prov.put("cropSeconds", (frames - 1) * MaskFeatures.HOP / (double) MaskFeatures.RATE);
            return new Sets(train, valSource, valSource.materialize(0), prov);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Same as {@link #fromFolders(Path, Path, int, int, int, long, NoiseAugmentation, MonoLoader, int, Progress)} over several
     * folders: the first speech and noise folders are split as there (so its validation set is unchanged); further folders are
     * training material only, without the files of any validation speaker of the first folder (speakers from each folder's
     * {@code manifest.csv} or file names); the impulse responses of {@code rirDir} (or none when null) feed {@code mix}.
     *
     * @throws IOException if a folder has no usable audio, or the first noise folder fewer than 2 files
     */
    public static Sets fromFolders(List<Path> speechDirs, List<Path> noiseDirs, Path rirDir, int examplesPerEpoch, int validationExamples,
                                   int frames, long seed, NoiseAugmentation augmentation, MixtureAugmentation mix, MonoLoader loader, int threads,
                                   Progress progress) throws IOException {
        if (speechDirs.isEmpty() || noiseDirs.isEmpty()) {
            throw new IllegalArgumentException("need at least one speech and one noise folder");
        }
        Sets first = fromFolders(speechDirs.get(0), noiseDirs.get(0), 1, validationExamples, frames, seed, augmentation, loader, threads,
                progress);
        Set<String> validationSpeakers = new HashSet<>();
        for (Object o : (List<?>) first.provenance().get("validationSpeakers")) {
            validationSpeakers.add(o.toString());
        }
        List<float[]> speech = new ArrayList<>(first.train().speech);
        List<float[]> noise = new ArrayList<>(first.train().noise);
        List<Integer> noiseFolders = new ArrayList<>(List.of(noise.size()));
        List<float[]> rirs = new ArrayList<>();
        List<Map<String, Object>> extra = new ArrayList<>();
        ExecutorService pool = decodePool(threads);
        try {
            List<String> skipped = new ArrayList<>();
            for (Path dir : speechDirs.subList(1, speechDirs.size())) {
                SpeakerSplit speakers = SpeakerSplit.forFolder(dir);
                List<Path> all = AudioFiles.list(dir);
                List<Path> files = all.stream().filter(f -> !validationSpeakers.contains(speakers.speakerOf(f))).toList();
                List<float[]> got = decode(files, loader, pool, skipped, progress, "load speech " + dir.getFileName());
                speech.addAll(got);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("speechFolder", dir.toString());
                m.put("files", got.size());
                m.put("seconds", seconds(got));
                m.put("droppedValidationSpeakerFiles", all.size() - files.size());
                extra.add(m);
            }
            for (Path dir : noiseDirs.subList(1, noiseDirs.size())) {
                List<float[]> got = decode(AudioFiles.list(dir), loader, pool, skipped, progress, "load noise " + dir.getFileName());
                noise.addAll(got);
                if (!got.isEmpty()) {
                    noiseFolders.add(got.size());
                }
                extra.add(Map.of("noiseFolder", dir.toString(), "files", got.size(), "seconds", seconds(got)));
            }
            if (rirDir != null) {
                rirs.addAll(decode(AudioFiles.list(rirDir), loader, pool, skipped, progress, "load impulse responses"));
                extra.add(Map.of("rirFolder", rirDir.toString(), "files", rirs.size()));
            }
            MaskTrainingData train = new MaskTrainingData(speech, noise, rirs, examplesPerEpoch, frames, seed, augmentation, mix,
                    noiseFolders.stream().mapToInt(Integer::intValue).toArray(), false, false, false, 0);
            Map<String, Object> prov = new LinkedHashMap<>(first.provenance());
            if (speechDirs.size() > 1 || noiseDirs.size() > 1) {
                // every folder named; the speaker count is known for the first folder only
                prov.put("speechFolder", String.join(" + ", speechDirs.stream().map(Path::toString).toList()));
                prov.put("noiseFolder", String.join(" + ", noiseDirs.stream().map(Path::toString).toList()));
                prov.put("firstFolderTrainSpeakers", prov.remove("trainSpeakers"));
            }
            prov.put("trainSpeechFiles", speech.size());
            prov.put("trainSpeechSeconds", seconds(speech));
            prov.put("trainNoiseFiles", noise.size());
            prov.put("trainNoiseSeconds", seconds(noise));
            prov.put("extraTrainingFolders", extra);
            prov.put("mixtureAugmentation", mix);
            List<Object> allSkipped = new ArrayList<>((List<?>) first.provenance().get("skipped"));
            allSkipped.addAll(skipped);
            prov.put("skipped", allSkipped);
            return new Sets(train, first.validationSource(), first.validation(), prov);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Returns a pool of {@code threads} daemon threads (at least one) for decoding training audio. */
    private static ExecutorService decodePool(int threads) {
        return Tasks.daemonPool(threads, "sonic-mask-decode");
    }

    private static double seconds(List<float[]> xs) {
        long n = 0;
        for (float[] x : xs) {
            n += x.length;
        }
        return Math.round(n / (double) MaskFeatures.RATE * 10) / 10.0;
    }

    private static List<String> names(Path dir, List<Path> files) {
        return new ArrayList<>(new TreeSet<>(files.stream().map(f -> AudioFiles.relative(dir, f)).toList()));
    }

    private static List<float[]> decode(List<Path> files, MonoLoader loader, ExecutorService pool, List<String> skipped, Progress progress,
                                        String task) throws IOException {
        progress.start(task, files.size());
        List<Future<float[]>> fs = new ArrayList<>();
        for (Path f : files) {
            fs.add(pool.submit(() -> loader.load(f, MaskFeatures.RATE)));
        }
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            try {
                float[] x = Tasks.await(fs.get(i));
                if (x.length > 0) {
                    out.add(x);
                }
            } catch (IOException | RuntimeException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new IOException("interrupted", e);
                }
                skipped.add(NoisyExamples.oneLine(files.get(i), e));
            }
            progress.step(1);
        }
        progress.done();
        return out;
    }
}
