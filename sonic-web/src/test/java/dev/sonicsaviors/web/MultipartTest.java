package dev.sonicsaviors.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The multipart parser: fields, binary content containing near-boundaries, and malformed bodies. */
class MultipartTest {

    @Test
    void boundaryFromContentType() {
        assertThat(Multipart.boundary("multipart/form-data; boundary=abc")).isEqualTo("abc");
        assertThat(Multipart.boundary("Multipart/Form-Data; charset=utf-8; boundary=\"a b\"")).isEqualTo("a b");
        assertThat(Multipart.boundary("audio/wav")).isNull();
        assertThat(Multipart.boundary(null)).isNull();
        assertThat(Multipart.boundary("multipart/form-data")).isNull();
    }

    @Test
    void partsWithBinaryContent() {
        byte[] bin = new byte[5000];
        new SplittableRandom(3).nextBytes(bin);
        bin[100] = '\r';
        bin[101] = '\n';
        bin[102] = '-';
        bin[103] = '-'; // a near-boundary inside the content
        byte[] body = SonicServerTest.multipart("BOUND", bin, "wiener", "0.5");
        List<Multipart.Part> parts = Multipart.parse(body, "BOUND");
        assertThat(parts).extracting(Multipart.Part::name).containsExactly("model", "strength", "file");
        assertThat(new String(parts.get(0).content(), StandardCharsets.UTF_8)).isEqualTo("wiener");
        assertThat(parts.get(2).content()).isEqualTo(bin);
    }

    @Test
    void malformedBodiesAre400() {
        for (String body : new String[] {"", "no boundary here", "--B\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nunterminated",
            "--B\r\nheaders without end"}) {
            assertThatThrownBy(() -> Multipart.parse(body.getBytes(StandardCharsets.UTF_8), "B"))
                    .isInstanceOf(ApiException.class).extracting(e -> ((ApiException) e).status()).isEqualTo(400);
        }
    }
}
