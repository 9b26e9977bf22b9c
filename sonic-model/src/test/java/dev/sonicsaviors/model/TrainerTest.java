package dev.sonicsaviors.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {

    private static final int ROWS = 16;
    private static final int FRAMES = 24;
    private static final Architecture ARCH = new ConvAutoencoder(ROWS, FRAMES, 8);

    @TempDir
    Path tmp;

    private static TrainingData data(int n, long seed) {
        Synthetic s = new Synthetic(n, ROWS, FRAMES, 0.15, seed);
        return new ArrayTrainingData(s.noisy, s.clean, ROWS * FRAMES);
    }

    @Test
    void learnsToDenoiseASeededSyntheticSet() throws IOException {
        Synthetic val = new Synthetic(16, ROWS, FRAMES, 0.15, 99);
        TrainConfig cfg = TrainConfig.defaults().withEpochs(25).withBatchSize(8).withLearningRate(3e-3).withThreads(2).withSeed(1);
        List<String> events = new ArrayList<>();
        TrainResult res = new Trainer(ARCH, cfg).train(data(64, 1), new ArrayTrainingData(val.noisy, val.clean, ROWS * FRAMES),
                tmp, Map.of("approach", "features"), new TrainListener() {
                    @Override
                    public void epochStarted(int epoch, int epochs, int stepsPerEpoch, double lr) {
                        events.add("start " + epoch + " " + stepsPerEpoch);
                    }

                    @Override
                    public void finished(String reason) {
                        events.add("finished");
                    }
                });
        List<EpochRecord> h = res.history();
        assertThat(events).contains("start 1 8").endsWith("finished");
        double first = h.get(0).valLoss();
        assertThat(res.bestValLoss()).isLessThan(first * 0.5);
        try (Model m = Model.load(res.modelDir(), 1)) {
            double denoised = Synthetic.mse(m.predict(val.noisy, 16), val.clean);
            double noisy = Synthetic.mse(val.noisy, val.clean);
            System.out.printf("val loss epoch 1 %.5f, best %.5f (epoch %d of %d); noisy-vs-clean %.5f, denoised-vs-clean %.5f%n",
                    first, res.bestValLoss(), res.bestEpoch(), h.size(), noisy, denoised);
            assertThat(denoised).isLessThan(noisy * 0.7);
            assertThat(denoised).isCloseTo(res.bestValLoss(), org.assertj.core.data.Offset.offset(1e-5));
            assertThat(m.metadata()).containsEntry("approach", "features").containsKey("training");
        }
        List<String> csv = Files.readAllLines(tmp.resolve(Trainer.HISTORY));
        assertThat(csv.get(0)).isEqualTo("epoch,loss,val_loss,lr,seconds");
        assertThat(csv).hasSize(h.size() + 1);
    }

    @Test
    void plateauScheduleReallyLowersTheRateAndEarlyStoppingRestoresTheBest() throws IOException {
        // a learning rate of ~0 makes every epoch a plateau: the rate halves every 2 epochs down to its floor
        TrainConfig cfg = TrainConfig.defaults().withEpochs(8).withBatchSize(16).withLearningRate(1e-9)
                .withSchedule(0.5, 2, 3e-10).withPatience(5).withThreads(1);
        TrainResult res = new Trainer(ARCH, cfg).train(data(16, 3), data(8, 4), tmp, Map.of(), null);
        List<Double> lrs = res.history().stream().map(EpochRecord::lr).toList();
        assertThat(lrs.get(0)).isEqualTo(1e-9);
        assertThat(lrs.get(lrs.size() - 1)).isLessThan(1e-9).isGreaterThanOrEqualTo(3e-10);
        assertThat(res.stopReason()).startsWith("early stopping");
        assertThat(res.history().size()).isLessThan(8);
    }

    @Test
    void resumeAfterAnInterruptedRunContinuesAtTheInterruptedEpochWithTheSameTrajectory() throws IOException {
        TrainConfig cfg = TrainConfig.defaults().withEpochs(4).withBatchSize(8).withThreads(1).withSeed(5);
        TrainingData train = data(24, 7);
        TrainingData val = data(8, 8);
        Path reference = tmp.resolve("reference");
        TrainResult full = new Trainer(ARCH, cfg).train(train, val, reference, Map.of(), null);

        Path work = tmp.resolve("work");
        TrainListener crashInEpoch3 = new TrainListener() {
            @Override
            public void stepFinished(int epoch, int step, int stepsPerEpoch, double loss, double seconds) {
                if (epoch == 3 && step == 2) {
                    throw new IllegalStateException("simulated crash");
                }
            }
        };
        assertThatThrownBy(() -> new Trainer(ARCH, cfg).train(train, val, work, Map.of(), crashInEpoch3)).hasMessage("simulated crash");
        assertThat(Files.readAllLines(work.resolve(Trainer.HISTORY))).hasSize(3);

        List<Integer> started = new ArrayList<>();
        TrainResult resumed = new Trainer(ARCH, cfg).resume(train, val, work, Map.of(), new TrainListener() {
            @Override
            public void epochStarted(int epoch, int epochs, int stepsPerEpoch, double lr) {
                started.add(epoch);
            }
        });
        assertThat(started).containsExactly(3, 4);
        assertThat(resumed.history()).extracting(EpochRecord::epoch).containsExactly(1, 2, 3, 4);
        for (int i = 0; i < 4; i++) {
            assertThat(resumed.history().get(i).loss()).isCloseTo(full.history().get(i).loss(), org.assertj.core.data.Percentage.withPercentage(0.01));
            assertThat(resumed.history().get(i).valLoss()).isCloseTo(full.history().get(i).valLoss(), org.assertj.core.data.Percentage.withPercentage(0.01));
        }
        assertThat(Files.readAllLines(work.resolve(Trainer.HISTORY))).hasSize(5);

        // raising the epoch count continues the finished run
        TrainResult longer = new Trainer(ARCH, cfg.withEpochs(5)).resume(train, val, work, Map.of(), null);
        assertThat(longer.history()).extracting(EpochRecord::epoch).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void resumeWithoutACheckpointIsAnIoErrorNamingTheFile() {
        assertThatThrownBy(() -> new Trainer(ARCH, TrainConfig.defaults()).resume(data(8, 1), null, tmp, Map.of(), null))
                .isInstanceOf(IOException.class).hasMessageContaining("checkpoint").hasMessageContaining("model.json");
    }

    @Test
    void stepLimitEndsTheEpochEarly() throws IOException {
        TrainConfig cfg = TrainConfig.defaults().withEpochs(3).withBatchSize(4).withMaxSteps(5).withThreads(1);
        TrainResult res = new Trainer(ARCH, cfg).train(data(16, 2), null, tmp, Map.of(), null);
        assertThat(res.history()).extracting(EpochRecord::steps).containsExactly(4L, 1L);
        assertThat(res.stopReason()).contains("step limit");
        assertThat(res.history().get(0).valLoss()).isNaN();
    }

    @Test
    void theSeedArchitectureTrainsChecksPointsAndResumesThroughTheTrainer() throws IOException {
        Synthetic s = new Synthetic(6, SeedAutoencoder.ROWS, SeedAutoencoder.FRAMES, 0.1, 4);
        TrainingData d = new ArrayTrainingData(s.noisy, s.clean, new SeedAutoencoder().exampleSize());
        TrainConfig cfg = TrainConfig.defaults().withEpochs(1).withBatchSize(3).withThreads(2);
        TrainResult first = new Trainer(new SeedAutoencoder(), cfg).train(d, d, tmp, Map.of("seed", 42), null);
        assertThat(first.history()).hasSize(1);
        assertThat(tmp.resolve("checkpoint").resolve("adam.v.dense_1.kernel.npy")).exists();
        TrainResult second = new Trainer(new SeedAutoencoder(), cfg.withEpochs(2)).resume(d, d, tmp, Map.of("seed", 42), null);
        assertThat(second.history()).extracting(EpochRecord::epoch).containsExactly(1, 2);
        assertThat(second.history().get(1).loss()).isLessThan(first.history().get(0).loss());
        try (Model m = Model.load(second.modelDir(), 1)) {
            assertThat(m.info().parameterCount()).isEqualTo(SeedAutoencoder.PARAMETER_COUNT);
            assertThat(m.metadata()).containsEntry("seed", 42);
        }
    }

    @Test
    void aCrashBetweenCheckpointAndBestWeightsIsRepairedOnResume() throws IOException {
        TrainConfig cfg = TrainConfig.defaults().withEpochs(2).withBatchSize(8).withThreads(1);
        TrainingData train = data(16, 1);
        TrainResult done = new Trainer(ARCH, cfg).train(train, train, tmp, Map.of(), null);
        assertThat(done.bestEpoch()).isEqualTo(2);
        ModelFiles.deleteTree(tmp.resolve(Trainer.BEST)); // as if killed right after the epoch-2 checkpoint
        ModelFiles.deleteTree(tmp.resolve(Trainer.MODEL));
        TrainResult resumed = new Trainer(ARCH, cfg).resume(train, train, tmp, Map.of(), null);
        assertThat(resumed.history()).hasSize(2);
        assertThat(ModelFiles.readInfo(tmp.resolve(Trainer.BEST)).metadata().get("training")).asString().contains("bestEpoch=2");
        try (Model a = Model.load(tmp.resolve(Trainer.MODEL), 1); Model b = Model.load(tmp.resolve(Trainer.CHECKPOINT), 1)) {
            Synthetic s = new Synthetic(2, ROWS, FRAMES, 0.1, 5);
            assertThat(a.predict(s.noisy, 2)).containsExactly(b.predict(s.noisy, 2));
        }
    }
}
