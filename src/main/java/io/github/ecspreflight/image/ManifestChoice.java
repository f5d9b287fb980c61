package io.github.ecspreflight.image;

import java.util.Optional;

/**
 * The manifest ECS would pull for a platform: for a single manifest, that manifest; for an index, the entry for the
 * platform, or none when the index lacks it.
 *
 * @param manifest empty when the index has no entry for the platform, or the platform is unknown and the image is an
 *     index (there is no one manifest to read)
 * @param entry the index entry chosen (its claimed platform may differ from its config's); null for a single manifest
 *     or when none was chosen
 * @param missingFromIndex the image is an index without an entry for the (known) platform
 */
public record ManifestChoice(Optional<ImageManifest> manifest, Descriptor entry, boolean missingFromIndex) {

    /** Whether the chosen manifest came from an index entry, whose claimed platform a message can name. */
    public boolean fromIndex() {
        return entry != null;
    }
}
