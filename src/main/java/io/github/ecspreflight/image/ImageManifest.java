package io.github.ecspreflight.image;

import java.util.List;

/**
 * One platform's image: its config and its layers, bottom first as the manifest lists them.
 *
 * @param digest the manifest's digest, or for Docker's legacy archive (which keeps no manifest) the image ID,
 *     the config's digest, as {@code docker images} shows it
 */
public record ImageManifest(String digest, ImageConfig config, List<Descriptor> layers) {

    public ImageManifest {
        layers = List.copyOf(layers);
    }
}
