package dev.sonicsaviors.pipeline.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpeakerSplitTest {

    @Test
    void speakerFromName() {
        assertThat(SpeakerSplit.speakerFromName("1034-121119-0000.flac")).isEqualTo("1034");
        assertThat(SpeakerSplit.speakerFromName("libri_1034-121119-0000.flac")).isEqualTo("1034");
        assertThat(SpeakerSplit.speakerFromName("ravdess_03-01-01-01-01-01-07.flac")).isEqualTo("actor-07");
        assertThat(SpeakerSplit.speakerFromName("alice_take2.wav")).isEqualTo("alice");
        assertThat(SpeakerSplit.speakerFromName("bob-3.wav")).isEqualTo("bob");
        assertThat(SpeakerSplit.speakerFromName("single.wav")).isEqualTo("single");
    }

    @Test
    void manifestWinsOverNames(@TempDir Path dir) throws IOException {
        Path speech = Files.createDirectories(dir.resolve("speech"));
        Files.writeString(dir.resolve("manifest.csv"), "path,speaker_id,note\n"
                + "train/speech/a_1.flac,spk-A,\"quoted, note\"\n" + "train/speech/b_1.flac,,none\n");
        SpeakerSplit s = SpeakerSplit.forFolder(speech);
        assertThat(s.speakerOf(speech.resolve("a_1.flac"))).isEqualTo("spk-A");
        assertThat(s.speakerOf(speech.resolve("b_1.flac"))).isEqualTo("b");
    }

    @Test
    void splitIsDisjointDeterministicAndSized() {
        List<Path> files = new ArrayList<>();
        for (int s = 0; s < 40; s++) {
            for (int k = 0; k < 1 + s % 3; k++) {
                files.add(Path.of("spk" + s + "_" + k + ".wav"));
            }
        }
        SpeakerSplit.Split a = SpeakerSplit.fromNamesOnly().split(files, 42, 0.1);
        SpeakerSplit.Split b = SpeakerSplit.fromNamesOnly().split(files, 42, 0.1);
        SpeakerSplit.Split c = SpeakerSplit.fromNamesOnly().split(files, 43, 0.1);
        assertThat(a.train()).isEqualTo(b.train());
        assertThat(a.validation()).isEqualTo(b.validation());
        assertThat(a.validation()).isNotEqualTo(c.validation());
        assertThat(a.train().size() + a.validation().size()).isEqualTo(files.size());
        Set<String> tr = new HashSet<>(a.trainSpeakers());
        assertThat(a.validationSpeakers()).noneMatch(tr::contains);
        int target = Math.round(0.1f * files.size());
        assertThat(a.validation().size()).isBetween(target, target + 2);
    }

    @Test
    void edgeCases() {
        List<Path> one = List.of(Path.of("a_1.wav"), Path.of("a_2.wav"));
        SpeakerSplit.Split s = SpeakerSplit.fromNamesOnly().split(one, 1, 0.5);
        assertThat(s.validation()).isEmpty();
        assertThat(s.train()).hasSize(2);
        List<Path> two = List.of(Path.of("a_1.wav"), Path.of("b_1.wav"));
        assertThat(SpeakerSplit.fromNamesOnly().split(two, 1, 0.01).validation()).hasSize(1);
        assertThat(SpeakerSplit.fromNamesOnly().split(two, 1, 0).validation()).isEmpty();
    }
}
