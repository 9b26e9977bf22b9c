package dev.sonicsaviors.model;

import dev.sonicsaviors.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.tensorflow.types.TFloat32;

/**
 * Trains an {@link Architecture} with Adam on MSE: seeded per-epoch shuffling, the next batch prepared on a background
 * thread while TensorFlow runs the current step, validation after every epoch, early stopping with the best weights
 * restored, a plateau learning-rate schedule that really lowers the rate, an atomic checkpoint after every epoch and
 * {@code history.csv}. Layout of {@code workDir}: {@code checkpoint/} (weights, Adam moments, state), {@code best/}
 * (best validation weights), {@code model/} (the final model, written at the end) and {@code history.csv}. Every
 * folder and file is replaced atomically, in the order checkpoint, best weights, history, so a kill at any moment
 * loses at most the epoch in progress ({@link #resume} repairs a missing best-weights folder from the checkpoint).
 */
public final class Trainer {

    /** Folder of the resumable checkpoint inside the work folder. */
    public static final String CHECKPOINT = "checkpoint";
    /** Folder of the best-so-far weights inside the work folder. */
    public static final String BEST = "best";
    /** Folder of the final model inside the work folder. */
    public static final String MODEL = "model";
    /** History file inside the work folder. */
    public static final String HISTORY = "history.csv";

    private final Architecture architecture;
    private final TrainConfig config;

    /** Creates a trainer for {@code architecture} with {@code config}. */
    public Trainer(Architecture architecture, TrainConfig config) {
        this.architecture = architecture;
        this.config = config;
    }

    /** Returns the configuration. */
    public TrainConfig config() {
        return config;
    }

    /**
     * Trains from fresh seeded weights on {@code train}, validating on {@code validation} (may be null: the training loss
     * is monitored instead), writing into {@code workDir} (previous contents replaced); {@code metadata} is stored
     * opaquely in every {@code model.json}.
     */
    public TrainResult train(TrainingData train, TrainingData validation, Path workDir, Map<String, Object> metadata,
                             TrainListener listener) throws IOException {
        return run(train, validation, workDir, metadata, listener, false, null);
    }

    /**
     * Same as {@link #train} but starts from the weights of the saved model in {@code initialModel} instead of fresh ones
     * (see {@link #startingWeights}: the same architecture, or one that adds variables to it): fine-tuning, with a fresh
     * optimiser state and the configured learning rate.
     */
    public TrainResult fineTune(Path initialModel, TrainingData train, TrainingData validation, Path workDir, Map<String, Object> metadata,
                                TrainListener listener) throws IOException {
        return run(train, validation, workDir, metadata, listener, false, initialModel);
    }

    /**
     * Returns the network's fresh weights with every variable of the model folder {@code initialModel} put in: each must
     * exist here with the same size (the time length of the crops may differ); variables it lacks (a stage that this
     * architecture adds to the initial one) keep their fresh values.
     */
    private Map<String, float[]> startingWeights(Network net, Path initialModel) throws IOException {
        Map<String, float[]> w = new LinkedHashMap<>(net.weights());
        for (Map.Entry<String, float[]> e : ModelFiles.readWeights(initialModel, ModelFiles.readInfo(initialModel)).entrySet()) {
            float[] fresh = w.get(e.getKey());
            if (fresh == null || fresh.length != e.getValue().length) {
                throw new IllegalArgumentException(initialModel + ": variable " + e.getKey()
                        + (fresh == null ? " is not in " : " has another size in ") + architecture.name());
            }
            w.put(e.getKey(), e.getValue());
        }
        return w;
    }

    /**
     * Continues the run whose checkpoint is in {@code workDir} at the epoch after the last completed one (weights, Adam
     * state and step, learning rate, early-stopping state and history restored; the shuffle is derived from seed and
     * epoch); {@code config.epochs()} may be raised to train longer. Throws an IOException if there is no checkpoint.
     */
    public TrainResult resume(TrainingData train, TrainingData validation, Path workDir, Map<String, Object> metadata,
                              TrainListener listener) throws IOException {
        return run(train, validation, workDir, metadata, listener, true, null);
    }

    private TrainResult run(TrainingData train, TrainingData validation, Path workDir, Map<String, Object> metadata,
                            TrainListener listener, boolean resume, Path initialModel) throws IOException {
        TrainListener l = listener == null ? new TrainListener() { } : listener;
        int size = architecture.exampleSize();
        if (train.exampleSize() != size || (validation != null && validation.exampleSize() != size)) {
            throw new IllegalArgumentException("examples must hold " + size + " floats for " + architecture.name());
        }
        if (train.size() == 0) {
            throw new IllegalArgumentException("no training examples");
        }
        Files.createDirectories(workDir);
        Map<String, Object> meta = metadata == null ? Map.of() : metadata;
        long started = System.nanoTime();
        try (Network net = Network.build(architecture, true, config.threads());
             Batches batches = new Batches(net, config.batchSize(), size)) {
            TrainingState state;
            if (resume) {
                state = loadCheckpoint(net, workDir.resolve(CHECKPOINT));
                if (state.bestEpoch() == state.epochsDone() && state.bestEpoch() > 0 && bestEpochOf(workDir.resolve(BEST)) != state.bestEpoch()) {
                    // killed after the checkpoint and before best/ was written: the checkpoint holds the best weights
                    ModelFiles.save(workDir.resolve(BEST), net, withTraining(meta, state.history(), state, null));
                }
            } else {
                for (String d : List.of(CHECKPOINT, BEST, MODEL)) {
                    ModelFiles.deleteTree(workDir.resolve(d));
                }
                Files.deleteIfExists(workDir.resolve(HISTORY));
                net.initialize(config.seed());
                if (initialModel != null) {
                    net.setWeights(startingWeights(net, initialModel));
                }
                state = TrainingState.fresh(config.learningRate());
            }
            String reason = "completed " + config.epochs() + " epochs";
            int n = train.size();
            int stepsPerEpoch = (n + config.batchSize() - 1) / config.batchSize();
            List<EpochRecord> history = new ArrayList<>(state.history());
            if (state.epochsDone() > 0 && state.badEpochs() >= config.patience()) {
                reason = "early stopping at epoch " + state.epochsDone() + " (best epoch " + state.bestEpoch() + ")";
            } else if (config.maxSteps() > 0 && state.step() >= config.maxSteps()) {
                reason = "step limit " + config.maxSteps() + " reached";
            }
            boolean finishedBefore = !reason.startsWith("completed");
            for (int epoch = state.epochsDone() + 1; epoch <= config.epochs() && !finishedBefore; epoch++) {
                long epochStart = System.nanoTime();
                l.epochStarted(epoch, config.epochs(), stepsPerEpoch, state.lr());
                int[] order = shuffle(n, config.seed(), epoch);
                train.beginEpoch(epoch);
                double sum = 0;
                long seen = 0;
                long steps = 0;
                long step = state.step();
                boolean limited = false;
                batches.start(train, order);
                for (int b = 0; b < stepsPerEpoch; b++) {
                    Batches.Batch batch = batches.next();
                    float loss = net.trainStep(batch.x(), batch.y(), (float) state.lr(), ++step);
                    batches.release();
                    sum += (double) loss * batch.count();
                    seen += batch.count();
                    steps++;
                    l.stepFinished(epoch, b + 1, stepsPerEpoch, loss, seconds(epochStart));
                    if ((config.maxSteps() > 0 && step >= config.maxSteps())
                            || (config.maxMinutes() > 0 && seconds(started) >= config.maxMinutes() * 60)) {
                        limited = true;
                        break;
                    }
                }
                batches.cancel();
                double trainLoss = sum / seen;
                double valLoss = validation == null || validation.size() == 0 ? Double.NaN : evaluate(net, batches, validation);
                double monitored = Double.isNaN(valLoss) ? trainLoss : valLoss;
                EpochRecord rec = new EpochRecord(epoch, trainLoss, valLoss, state.lr(), seconds(epochStart), steps);
                history.add(rec);
                state = schedule(state, epoch, step, monitored, history);
                saveCheckpoint(net, workDir.resolve(CHECKPOINT), meta, state);
                if (state.bestEpoch() == epoch) {
                    ModelFiles.save(workDir.resolve(BEST), net, withTraining(meta, history, state, null));
                }
                writeHistory(workDir.resolve(HISTORY), history);
                l.epochFinished(rec);
                if (limited) {
                    reason = config.maxSteps() > 0 && step >= config.maxSteps() ? "step limit " + config.maxSteps() + " reached in epoch " + epoch
                            : "time limit " + config.maxMinutes() + " min reached in epoch " + epoch;
                    break;
                }
                if (state.badEpochs() >= config.patience()) {
                    reason = "early stopping at epoch " + epoch + " (best epoch " + state.bestEpoch() + ")";
                    break;
                }
            }
            Path model = workDir.resolve(MODEL);
            Map<String, Object> finalMeta = withTraining(meta, history, state, reason);
            if (ModelFiles.exists(workDir.resolve(BEST))) {
                ModelInfo bestInfo = ModelFiles.readInfo(workDir.resolve(BEST));
                net.setWeights(ModelFiles.readWeights(workDir.resolve(BEST), bestInfo));
            }
            ModelFiles.save(model, net, finalMeta);
            l.finished(reason);
            return new TrainResult(model, history, state.bestEpoch(), state.bestVal(), reason);
        }
    }

    /** Returns the epoch whose weights the best-weights folder holds, or -1 if it is missing or unreadable. */
    private static int bestEpochOf(Path best) {
        try {
            if (!ModelFiles.exists(best)) {
                return -1;
            }
            Object training = ModelFiles.readInfo(best).metadata().get("training");
            return training instanceof Map<?, ?> t && t.get("bestEpoch") instanceof Number n ? n.intValue() : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /** Updates early-stopping and plateau bookkeeping after an epoch whose monitored loss is {@code loss}. */
    private TrainingState schedule(TrainingState s, int epoch, long step, double loss, List<EpochRecord> history) {
        double bestVal = s.bestVal();
        int bestEpoch = s.bestEpoch();
        int wait = s.badEpochs() + 1;
        if (loss < bestVal) {
            bestVal = loss;
            bestEpoch = epoch;
            wait = 0;
        }
        double plateauBest = s.plateauBest();
        int plateauWait = s.plateauWait() + 1;
        double lr = s.lr();
        if (loss < plateauBest - config.lrMinDelta()) {
            plateauBest = loss;
            plateauWait = 0;
        } else if (plateauWait >= config.lrPatience()) {
            double lowered = Math.max(lr * config.lrFactor(), config.minLearningRate());
            if (lowered < lr) {
                lr = lowered;
            }
            plateauWait = 0;
        }
        return new TrainingState(epoch, step, lr, bestVal, bestEpoch, wait, plateauBest, plateauWait, history);
    }

    private double evaluate(Network net, Batches batches, TrainingData data) {
        int n = data.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        batches.start(data, order);
        double sum = 0;
        int count = (n + config.batchSize() - 1) / config.batchSize();
        for (int b = 0; b < count; b++) {
            Batches.Batch batch = batches.next();
            sum += (double) net.loss(batch.x(), batch.y()) * batch.count();
            batches.release();
        }
        return sum / n;
    }

    /** Returns the permutation of {@code 0..n-1} for 1-based {@code epoch}, derived only from {@code seed} and the epoch. */
    public static int[] shuffle(int n, long seed, int epoch) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private Map<String, Object> withTraining(Map<String, Object> meta, List<EpochRecord> history, TrainingState s, String reason) {
        Map<String, Object> m = new LinkedHashMap<>(meta);
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("config", config);
        t.put("epochs", history.size());
        t.put("steps", s.step());
        t.put("bestEpoch", s.bestEpoch());
        t.put("bestValLoss", s.bestVal());
        if (reason != null) {
            t.put("stopReason", reason);
        }
        t.put("history", history);
        m.put("training", t);
        return m;
    }

    private void saveCheckpoint(Network net, Path dir, Map<String, Object> meta, TrainingState state) throws IOException {
        ModelInfo info = ModelFiles.describe(net, meta);
        Map<String, float[]> w = net.weights();
        Map<String, float[]> m = net.slotsM();
        Map<String, float[]> v = net.slotsV();
        String json = ModelFiles.JSON.writeValueAsString(state);
        ModelFiles.writeAtomically(dir, tmp -> {
            ModelFiles.writeSlots(tmp, info, m, v);
            AtomicFiles.writeString(tmp.resolve(ModelFiles.STATE_JSON), json);
            ModelFiles.writeModel(tmp, info, w);
        });
    }

    private TrainingState loadCheckpoint(Network net, Path dir) throws IOException {
        ModelInfo info = ModelFiles.readInfo(dir);
        Path json = ModelFiles.resolve(dir).resolve(ModelFiles.MODEL_JSON);
        if (!info.architecture().equals(architecture.name())) {
            throw new IOException(json + ": checkpoint of architecture " + info.architecture() + ", not " + architecture.name());
        }
        ModelFiles.checkMatches(dir, info, net);
        Path stateFile = ModelFiles.resolve(dir).resolve(ModelFiles.STATE_JSON);
        TrainingState state;
        try {
            state = ModelFiles.JSON.readValue(Files.readAllBytes(stateFile), TrainingState.class);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException(stateFile + ": missing (not a checkpoint)", e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(stateFile + ": corrupt training state (" + e.getOriginalMessage().lines().findFirst().orElse("") + ")", e);
        }
        net.setWeights(ModelFiles.readWeights(dir, info));
        net.setSlots(ModelFiles.readSlots(dir, info, "m"), ModelFiles.readSlots(dir, info, "v"));
        return state;
    }

    /** Writes {@code epoch,loss,val_loss,lr,seconds} rows atomically. */
    static void writeHistory(Path file, List<EpochRecord> history) throws IOException {
        StringBuilder sb = new StringBuilder("epoch,loss,val_loss,lr,seconds\n");
        for (EpochRecord r : history) {
            sb.append(String.format(Locale.ROOT, "%d,%.8g,%.8g,%.6g,%.3f%n", r.epoch(), r.loss(), r.valLoss(), r.lr(), r.seconds()));
        }
        AtomicFiles.writeString(file, sb.toString());
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    /**
     * Double-buffered batches: while TensorFlow runs step {@code b} on one buffer, a background thread gathers batch
     * {@code b + 1} into the other and copies it into that buffer's pre-allocated input tensors.
     */
    private static final class Batches implements AutoCloseable {
        record Batch(TFloat32 x, TFloat32 y, int count) {
        }

        private final Network net;
        private final int batchSize;
        private final int exampleSize;
        private final float[][] xs = new float[2][];
        private final float[][] ys = new float[2][];
        private final TFloat32[] fullX = new TFloat32[2];
        private final TFloat32[] fullY = new TFloat32[2];
        private final TFloat32[] partX = new TFloat32[2];
        private final TFloat32[] partY = new TFloat32[2];
        private final ExecutorService worker;
        private TrainingData data;
        private int[] order;
        private int nextStart;
        private int slot;
        private Future<Batch> pending;

        Batches(Network net, int batchSize, int exampleSize) {
            this.net = net;
            this.batchSize = batchSize;
            this.exampleSize = exampleSize;
            this.worker = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "sonic-batch-prefetch");
                t.setDaemon(true);
                return t;
            });
            for (int i = 0; i < 2; i++) {
                xs[i] = new float[batchSize * exampleSize];
                ys[i] = new float[batchSize * exampleSize];
                fullX[i] = TFloat32.tensorOf(net.batchShape(batchSize));
                fullY[i] = TFloat32.tensorOf(net.batchShape(batchSize));
            }
        }

        /** Starts a pass over {@code data} in {@code order}, prefetching the first batch. */
        void start(TrainingData d, int[] o) {
            cancel();
            this.data = d;
            this.order = o;
            this.nextStart = 0;
            prefetch();
        }

        /** Waits for the prefetched batch and starts preparing the one after it in the other buffer. */
        Batch next() {
            Batch b;
            try {
                b = pending.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while preparing a batch", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("preparing a batch failed: " + e.getCause(), e.getCause());
            }
            pending = null;
            slot ^= 1;
            prefetch();
            return b;
        }

        /** Called after the step that used the last batch returned by {@link #next()} finished (a no-op with two buffers). */
        void release() {
        }

        /** Waits for and discards any batch in preparation. */
        void cancel() {
            if (pending != null) {
                try {
                    pending.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException e) {
                    // discarded
                }
                pending = null;
            }
        }

        private void prefetch() {
            if (nextStart >= order.length) {
                return;
            }
            int from = nextStart;
            int count = Math.min(batchSize, order.length - from);
            nextStart += count;
            int s = slot;
            TrainingData d = data;
            int[] o = order;
            pending = worker.submit(() -> {
                int[] idx = java.util.Arrays.copyOfRange(o, from, from + count);
                d.fill(idx, xs[s], ys[s]);
                TFloat32 x;
                TFloat32 y;
                if (count == batchSize) {
                    x = fullX[s];
                    y = fullY[s];
                } else {
                    if (partX[s] == null || partX[s].shape().get(0) != count) {
                        if (partX[s] != null) {
                            partX[s].close();
                            partY[s].close();
                        }
                        partX[s] = TFloat32.tensorOf(net.batchShape(count));
                        partY[s] = TFloat32.tensorOf(net.batchShape(count));
                    }
                    x = partX[s];
                    y = partY[s];
                }
                int len = count * exampleSize;
                x.asRawTensor().data().asFloats().write(xs[s], 0, len);
                y.asRawTensor().data().asFloats().write(ys[s], 0, len);
                return new Batch(x, y, count);
            });
        }

        @Override
        public void close() {
            cancel();
            worker.shutdownNow();
            for (int i = 0; i < 2; i++) {
                fullX[i].close();
                fullY[i].close();
                if (partX[i] != null) {
                    partX[i].close();
                    partY[i].close();
                }
            }
        }
    }
}
