package io.github.ecspreflight.image;

import java.util.List;

/**
 * What an image's config blob says about how it runs. The platform comes from the config, never from a label or an
 * index entry: that is what the runtime will execute.
 *
 * @param env {@code NAME=value} strings; values can be secrets baked into the image, so {@link #toString()} omits
 *     them and only {@code PATH} is ever read
 */
public record ImageConfig(
        Platform platform,
        List<String> entrypoint,
        List<String> cmd,
        List<String> env,
        String workingDir,
        String user) {

    public ImageConfig {
        entrypoint = entrypoint == null ? List.of() : List.copyOf(entrypoint);
        cmd = cmd == null ? List.of() : List.copyOf(cmd);
        env = env == null ? List.of() : List.copyOf(env);
    }

    @Override
    public String toString() {
        return "ImageConfig[platform=" + platform + ", entrypoint=" + entrypoint + ", cmd=" + cmd + ", workingDir="
                + workingDir + "]";
    }
}
