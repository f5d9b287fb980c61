package io.github.ecspreflight.maven;

import io.github.ecspreflight.common.BuildLog;
import java.io.PrintStream;
import java.util.Locale;
import org.apache.maven.execution.MavenExecutionRequest;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.logging.Log;

/**
 * The core's log on Maven's: info and debug lines as Maven prints them, and download progress as Maven's console
 * transfer listener shows its own: one line redrawn in place while bytes arrive, then a {@code Downloaded} line with
 * size and speed. Progress shows only where Maven's does: not in batch mode ({@code -B}), not under {@code -q}, not
 * with {@code --no-transfer-progress}.
 */
final class MavenBuildLog implements BuildLog {

    private final Log log;
    private final boolean showProgress;
    private final PrintStream console;
    private long started;

    MavenBuildLog(Log log, boolean showProgress, PrintStream console) {
        this.log = log;
        this.showProgress = showProgress;
        this.console = console;
    }

    /** Whether this build shows transfer progress, as Maven decides for its own downloads. */
    static boolean showsProgress(MavenSession session, Log log) {
        if (session == null || session.getRequest() == null || !log.isInfoEnabled()) {
            return false;
        }
        MavenExecutionRequest request = session.getRequest();
        // --no-transfer-progress installs Maven's QuietMavenTransferListener; -B its Slf4j one, which logs lines
        Object listener = request.getTransferListener();
        String kind = listener == null ? "" : listener.getClass().getSimpleName();
        return request.isInteractiveMode() && !kind.startsWith("Quiet") && !kind.startsWith("Slf4j");
    }

    @Override
    public void info(String message) {
        log.info(message);
    }

    @Override
    public boolean isDebugEnabled() {
        return log.isDebugEnabled();
    }

    @Override
    public void debug(String message) {
        log.debug(message);
    }

    @Override
    public synchronized void progress(String resource, long transferred, long total) {
        if (!showProgress) {
            return;
        }
        long now = System.nanoTime();
        if (started == 0 || transferred <= 0) {
            started = now;
        }
        if (total > 0 && transferred >= total) {
            double seconds = Math.max((now - started) / 1e9, 0.001);
            console.print("\r");
            console.flush();
            log.info("Downloaded " + resource + " (" + megabytes(total) + " at "
                    + String.format(Locale.ROOT, "%.1f MB/s", total / 1e6 / seconds) + ")");
            started = 0;
            return;
        }
        console.print("\rProgress: " + resource + " " + megabytes(transferred)
                + (total > 0 ? "/" + megabytes(total) : "") + "  ");
        console.flush();
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
