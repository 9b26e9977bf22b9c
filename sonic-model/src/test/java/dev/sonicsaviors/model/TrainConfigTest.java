package dev.sonicsaviors.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainConfigTest {

    @Test
    void defaultsAreTheDocumentedValues() {
        assertThat(TrainConfig.defaults()).isEqualTo(new TrainConfig(50, 32, 1e-3, 6, 0.5, 3, 1e-4, 1e-5, 42L, 2, 0, 0));
        assertThat(TrainConfig.builder().build()).isEqualTo(TrainConfig.defaults());
    }

    @Test
    void withAndToBuilderChangeOnlyTheirFields() {
        TrainConfig c = new TrainConfig(7, 9, 2e-3, 4, 0.3, 2, 1e-3, 1e-6, 5L, 1, 100, 2.5);
        assertThat(c.toBuilder().build()).isEqualTo(c);
        assertThat(c.withEpochs(8)).isEqualTo(new TrainConfig(8, 9, 2e-3, 4, 0.3, 2, 1e-3, 1e-6, 5L, 1, 100, 2.5));
        assertThat(c.withBatchSize(3)).isEqualTo(new TrainConfig(7, 3, 2e-3, 4, 0.3, 2, 1e-3, 1e-6, 5L, 1, 100, 2.5));
        assertThat(c.withLearningRate(1)).isEqualTo(new TrainConfig(7, 9, 1, 4, 0.3, 2, 1e-3, 1e-6, 5L, 1, 100, 2.5));
        assertThat(c.withPatience(1)).isEqualTo(new TrainConfig(7, 9, 2e-3, 1, 0.3, 2, 1e-3, 1e-6, 5L, 1, 100, 2.5));
        assertThat(c.withSchedule(0.9, 5, 0)).isEqualTo(new TrainConfig(7, 9, 2e-3, 4, 0.9, 5, 1e-3, 0, 5L, 1, 100, 2.5));
        assertThat(c.withSeed(6)).isEqualTo(new TrainConfig(7, 9, 2e-3, 4, 0.3, 2, 1e-3, 1e-6, 6L, 1, 100, 2.5));
        assertThat(c.withThreads(4)).isEqualTo(new TrainConfig(7, 9, 2e-3, 4, 0.3, 2, 1e-3, 1e-6, 5L, 4, 100, 2.5));
        assertThat(c.withMaxSteps(0)).isEqualTo(new TrainConfig(7, 9, 2e-3, 4, 0.3, 2, 1e-3, 1e-6, 5L, 1, 0, 2.5));
        assertThat(c.withMaxMinutes(1)).isEqualTo(new TrainConfig(7, 9, 2e-3, 4, 0.3, 2, 1e-3, 1e-6, 5L, 1, 100, 1));
        assertThat(c.toBuilder().lrMinDelta(0).build().lrMinDelta()).isZero();
        assertThatThrownBy(() -> c.toBuilder().batchSize(0).build()).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void jsonHoldsExactlyTheRecordComponents() {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = new ObjectMapper().convertValue(TrainConfig.defaults(), Map.class);
        assertThat(m).containsOnlyKeys("epochs", "batchSize", "learningRate", "patience", "lrFactor", "lrPatience", "lrMinDelta",
                "minLearningRate", "seed", "threads", "maxSteps", "maxMinutes");
    }
}
