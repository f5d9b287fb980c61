package io.github.ecspreflight.aws;

import io.github.ecspreflight.common.PreflightException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * One AWS call per distinct question per build: the answers (failures included) of one build are shared by all its
 * modules and threads ({@code mvn -T}); concurrent askers of the same question wait for the one call. A build is
 * identified by {@link AwsSettings#build()}; a new build drops the answers of the ones before, so a long-lived daemon
 * ({@code mvnd}) never serves a stale task definition. Without a build id, answers are shared by nothing but the
 * lookup itself.
 */
final class BuildCache {

    private static final Map<List<String>, CompletableFuture<Object>> SHARED = new ConcurrentHashMap<>();
    private static String currentBuild;

    private final Map<List<String>, CompletableFuture<Object>> entries;
    private final List<String> scope;

    private BuildCache(Map<List<String>, CompletableFuture<Object>> entries, List<String> scope) {
        this.entries = entries;
        this.scope = scope;
    }

    /** The answers of {@code settings}'s build, for its region and profile. */
    static BuildCache of(AwsSettings settings) {
        List<String> scope = Arrays.asList(settings.build(), settings.region(), settings.profile());
        if (settings.build() == null) {
            return new BuildCache(new ConcurrentHashMap<>(), scope);
        }
        synchronized (BuildCache.class) {
            if (!settings.build().equals(currentBuild)) {
                SHARED.keySet().removeIf(key -> !settings.build().equals(key.get(0)));
                currentBuild = settings.build();
            }
        }
        return new BuildCache(SHARED, scope);
    }

    /** A call that answers a question, or fails with a message for the user. */
    @FunctionalInterface
    interface Call<T> {
        T call() throws PreflightException;
    }

    /** The answer to {@code question}: asked once per build, by the first asker, while the others wait for it. */
    @SuppressWarnings("unchecked")
    <T> T get(Call<T> call, String... question) throws PreflightException {
        List<String> key = new ArrayList<>(scope);
        key.addAll(Arrays.asList(question));
        key = java.util.Collections.unmodifiableList(key);
        CompletableFuture<Object> mine = new CompletableFuture<>();
        CompletableFuture<Object> existing = entries.putIfAbsent(key, mine);
        if (existing == null) {
            try {
                mine.complete(call.call());
            } catch (PreflightException | RuntimeException | Error e) {
                mine.completeExceptionally(e);
            }
        }
        CompletableFuture<Object> answer = existing == null ? mine : existing;
        try {
            return (T) answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PreflightException("interrupted while waiting for AWS (" + String.join(" ", question) + ")", e);
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof PreflightException p) {
                throw p;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }
}
