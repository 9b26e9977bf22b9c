package dev.sonicsaviors.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kills a training child JVM with SIGKILL at random moments and checks the work folder always resumes. */
class KillTest {

    private static final Architecture ARCH = new ConvAutoencoder(16, 24, 8);

    @TempDir
    Path tmp;

    /** Child process: trains (or resumes) "forever", checkpointing after every (tiny) epoch. */
    public static void main(String[] args) throws IOException {
        Path work = Path.of(args[0]);
        Synthetic s = new Synthetic(16, 16, 24, 0.15, 1);
        TrainingData d = new ArrayTrainingData(s.noisy, s.clean, 16 * 24);
        Trainer t = new Trainer(ARCH, TrainConfig.defaults().withEpochs(100_000).withPatience(100_000).withBatchSize(8).withThreads(1));
        if (ModelFiles.exists(work.resolve(Trainer.CHECKPOINT))) {
            t.resume(d, d, work, Map.of(), null);
        } else {
            t.train(d, d, work, Map.of(), null);
        }
    }

    @Test
    void sigkillAtAnyMomentLeavesAResumableCheckpoint() throws Exception {
        Path work = tmp.resolve("work");
        SplittableRandom r = new SplittableRandom(17);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        int lastEpochs = 0;
        for (int round = 0; round < 5; round++) {
            ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), KillTest.class.getName(), work.toString())
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("child-" + round + ".log").toFile());
            pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
            Process p = pb.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            // wait until this child has written at least one checkpoint of its own, then kill it at a random moment
            while (epochsDone(work) <= lastEpochs && System.nanoTime() < deadline && p.isAlive()) {
                Thread.sleep(20);
            }
            Thread.sleep(r.nextInt(400));
            p.destroyForcibly(); // SIGKILL on Linux
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            int done = epochsDone(work);
            assertThat(done).as("epochs checkpointed after round %d (see %s)", round, tmp).isGreaterThan(lastEpochs);
            try (Model m = Model.load(work.resolve(Trainer.CHECKPOINT), 1)) {
                assertThat(m.info().architecture()).isEqualTo(ARCH.name());
            }
            lastEpochs = done;
        }
        Synthetic s = new Synthetic(16, 16, 24, 0.15, 1);
        TrainingData d = new ArrayTrainingData(s.noisy, s.clean, 16 * 24);
        TrainResult res = new Trainer(ARCH, TrainConfig.defaults().withEpochs(lastEpochs + 1).withPatience(100_000).withBatchSize(8)
                .withThreads(1)).resume(d, d, work, Map.of(), null);
        List<Integer> epochs = res.history().stream().map(EpochRecord::epoch).toList();
        assertThat(epochs).hasSize(lastEpochs + 1);
        for (int i = 0; i < epochs.size(); i++) {
            assertThat(epochs.get(i)).isEqualTo(i + 1);
        }
        assertThat(Files.readAllLines(work.resolve(Trainer.HISTORY))).hasSize(lastEpochs + 2);
        assertThat(new File(work.toFile(), "model")).isDirectory();
    }

    private static int epochsDone(Path work) {
        Path state = ModelFiles.resolve(work.resolve(Trainer.CHECKPOINT)).resolve(ModelFiles.STATE_JSON);
        try {
            return ModelFiles.JSON.readTree(Files.readAllBytes(state)).get("epochsDone").asInt();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
