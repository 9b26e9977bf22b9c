package dev.sonicsaviors.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code sonic serve}'s argument checks and start-up failures (the server itself is tested in sonic-web). */
class ServeCommandTest {

    private record Run(int code, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SonicCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void badLimitsAreUsageErrors() {
        Run port = run("serve", "--port", "70000");
        assertThat(port.code()).isEqualTo(SonicCli.USAGE);
        assertThat(port.err()).startsWith("sonic: port must be in [0, 65535]: 70000");
        assertThat(run("serve", "--max-jobs", "0").code()).isEqualTo(SonicCli.USAGE);
        assertThat(run("serve", "--max-upload-mb", "-1").code()).isEqualTo(SonicCli.USAGE);
        assertThat(run("serve", "--job-timeout", "0").code()).isEqualTo(SonicCli.USAGE);
    }

    @Test
    void aPortInUseIsAOneLineFailure() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Run r = run("serve", "--port", Integer.toString(taken.getLocalPort()));
            assertThat(r.code()).isEqualTo(SonicCli.FAILURE);
            assertThat(r.err()).startsWith("sonic: cannot listen on 127.0.0.1:" + taken.getLocalPort()).doesNotContain("\tat ");
            assertThat(r.err().lines().count()).isEqualTo(1);
        }
    }
}
