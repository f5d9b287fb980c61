package io.github.ecspreflight.common;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A build log that keeps every line and progress call, with debug lines shown, for tests to read. */
public final class RecordingLog implements BuildLog {

    /** One progress call. */
    public record Progress(String resource, long transferred, long total) {}

    public final List<String> info = new CopyOnWriteArrayList<>();
    public final List<String> debug = new CopyOnWriteArrayList<>();
    public final List<Progress> progress = new CopyOnWriteArrayList<>();

    @Override
    public void info(String message) {
        info.add(message);
    }

    @Override
    public boolean isDebugEnabled() {
        return true;
    }

    @Override
    public void debug(String message) {
        debug.add(message);
    }

    @Override
    public void progress(String resource, long transferred, long total) {
        progress.add(new Progress(resource, transferred, total));
    }
}
