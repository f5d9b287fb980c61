package io.github.ecspreflight.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.execution.DefaultMavenExecutionRequest;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.eclipse.aether.transfer.AbstractTransferListener;
import org.junit.jupiter.api.Test;

/** Download progress where Maven shows its own, and nowhere else. */
class MavenBuildLogTest {

    /** Named as Maven's own listener for {@code --no-transfer-progress} is. */
    static final class QuietMavenTransferListener extends AbstractTransferListener {}

    /** Named as Maven's own listener for {@code -B} is. */
    static final class Slf4jMavenTransferListener extends AbstractTransferListener {}

    static final class Lines extends SystemStreamLog {
        final List<String> info = new ArrayList<>();
        boolean quiet;

        @Override
        public boolean isInfoEnabled() {
            return !quiet;
        }

        @Override
        public void info(CharSequence content) {
            info.add(content.toString());
        }
    }

    @SuppressWarnings("deprecation")
    private static MavenSession session(boolean interactive, Object listener) {
        DefaultMavenExecutionRequest request = new DefaultMavenExecutionRequest();
        request.setInteractiveMode(interactive);
        if (listener != null) {
            request.setTransferListener((org.eclipse.aether.transfer.TransferListener) listener);
        }
        return new MavenSession(null, null, request, null);
    }

    @Test
    void progressShowsOnlyInAnInteractiveBuildThatShowsItsOwnTransfers() {
        Lines log = new Lines();
        assertThat(MavenBuildLog.showsProgress(session(true, null), log)).isTrue();
        assertThat(MavenBuildLog.showsProgress(session(false, null), log))
                .as("-B")
                .isFalse();
        assertThat(MavenBuildLog.showsProgress(session(true, new QuietMavenTransferListener()), log))
                .as("--no-transfer-progress")
                .isFalse();
        assertThat(MavenBuildLog.showsProgress(session(true, new Slf4jMavenTransferListener()), log))
                .isFalse();
        assertThat(MavenBuildLog.showsProgress(null, log)).isFalse();
        log.quiet = true;
        assertThat(MavenBuildLog.showsProgress(session(true, null), log))
                .as("-q")
                .isFalse();
    }

    @Test
    void progressIsOneLineRedrawnThenTheDownloadWithItsSize() {
        Lines log = new Lines();
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        MavenBuildLog build = new MavenBuildLog(log, true, new PrintStream(console, true, StandardCharsets.UTF_8));

        build.progress("layer sha256:ab from ghcr.io", 1_048_576, 6_291_456);
        build.progress("layer sha256:ab from ghcr.io", 2_097_152, 6_291_456);
        build.progress("layer sha256:ab from ghcr.io", 6_291_456, 6_291_456);

        assertThat(console.toString(StandardCharsets.UTF_8))
                .isEqualTo("\rProgress: layer sha256:ab from ghcr.io 1.0 MB/6.3 MB  "
                        + "\rProgress: layer sha256:ab from ghcr.io 2.1 MB/6.3 MB  \r")
                .doesNotContain("\n");
        assertThat(log.info)
                .singleElement()
                .asString()
                .matches("Downloaded layer sha256:ab from ghcr\\.io \\(6\\.3 MB at [0-9.]+ MB/s\\)");
    }

    @Test
    void withoutProgressNothingReachesTheConsole() {
        Lines log = new Lines();
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        MavenBuildLog build = new MavenBuildLog(log, false, new PrintStream(console, true, StandardCharsets.UTF_8));

        build.progress("layer sha256:ab from ghcr.io", 6_291_456, 6_291_456);

        assertThat(console.size()).isZero();
        assertThat(log.info).isEmpty();
    }
}
