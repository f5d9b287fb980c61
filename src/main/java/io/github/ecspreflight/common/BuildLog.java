package io.github.ecspreflight.common;

import java.util.function.Consumer;

/**
 * Where the core says what it does, free of Maven types: the Mojo maps it onto Maven's log, tests onto a list.
 * {@link #debug} lines show under {@code mvn -X}: each source opened, the bytes read from each layer, each registry
 * request and AWS operation with its status. They never hold a header, a token, a password or an environment or
 * variable value: callers pass names, paths, URLs without their query, and statuses.
 */
public interface BuildLog {

    /** Says nothing; what a check without a build (a unit test) logs to. */
    BuildLog NONE = notes(message -> {});

    /** What is worth knowing but fails nothing. */
    void info(String message);

    /** Whether {@link #debug} lines are shown, so that a costly one is built only then. */
    boolean isDebugEnabled();

    void debug(String message);

    /**
     * A download's progress, {@code transferred} of {@code total} bytes ({@code -1}: unknown), called as bytes arrive;
     * shown only where the build shows its own transfer progress (never under {@code -B}, {@code -q} or
     * {@code --no-transfer-progress}).
     */
    default void progress(String resource, long transferred, long total) {}

    /** {@link #info} to {@code notes}; no debug lines, no progress. */
    static BuildLog notes(Consumer<String> notes) {
        return new BuildLog() {
            @Override
            public void info(String message) {
                notes.accept(message);
            }

            @Override
            public boolean isDebugEnabled() {
                return false;
            }

            @Override
            public void debug(String message) {}
        };
    }
}
