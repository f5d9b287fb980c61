package io.github.ecspreflight.image.registry;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A limit on the whole of one registry request, however slowly its bytes trickle in. jib-core's timeout bounds each
 * read, so a registry that sends one header line a second would never time out; at the deadline this runs
 * {@code onExpiry} (closing the client's connections), which ends the blocked read with an I/O error that
 * {@link #expired()} then explains. The request itself stays on the caller's thread, where jib-core keeps its state.
 */
final class Deadline implements AutoCloseable {

    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private final Duration limit;
    private final AtomicBoolean expired = new AtomicBoolean();
    private final ScheduledFuture<?> expiry;

    private Deadline(Duration limit, Runnable onExpiry) {
        this.limit = limit;
        this.expiry = TIMER.schedule(
                () -> {
                    expired.set(true);
                    onExpiry.run();
                },
                limit.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    static Deadline start(Duration limit, Runnable onExpiry) {
        return new Deadline(limit, onExpiry);
    }

    boolean expired() {
        return expired.get();
    }

    Duration limit() {
        return limit;
    }

    @Override
    public void close() {
        expiry.cancel(false);
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "ecs-preflight-registry-deadline");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }
}
