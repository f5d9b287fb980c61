package io.github.ecspreflight.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecspreflight.binary.ExecutableSniffer;
import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.decode.LocatedJson;
import io.github.ecspreflight.hcl.HclParser;
import io.github.ecspreflight.hcl.HclSource;
import io.github.ecspreflight.hcl.HclSyntaxException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A bounded, reproducible fuzz run over the parsers that read what a pull request can change: seed inputs (the
 * project's own committed fixtures, and {@code src/test/resources/fuzz/}) mutated by a seeded generator (bytes flipped, inserted, deleted, cut; chunks
 * repeated). Whatever the bytes, a parser either reads them or refuses them with its own one-line error: never another
 * exception, never an error spanning lines. The seed decides every input, so a failure is replayed by its seed.
 */
class ParserFuzzTest {

    /** Inputs per parser: a few seconds of CI; raise it locally with -Dfuzz.runs=100000. */
    private static final int RUNS = Integer.getInteger("fuzz.runs", 3_000);

    private static byte[] seed(String name) throws IOException {
        try (InputStream in = ParserFuzzTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    /** Characters that mean something to one of the parsers. */
    private static final String SYNTAX = "{}[]()\"'$%<>=:,\\\n\r\t#!/*.&|?-~@";

    /** One mutation of a seed input, decided by {@code random}. */
    static byte[] mutate(byte[] seed, Random random) {
        List<Byte> bytes = new ArrayList<>(seed.length + 16);
        for (byte b : seed) {
            bytes.add(b);
        }
        int edits = 1 + random.nextInt(8);
        for (int e = 0; e < edits && !bytes.isEmpty(); e++) {
            int at = random.nextInt(bytes.size());
            switch (random.nextInt(6)) {
                case 0 -> bytes.set(at, (byte) random.nextInt(256));
                case 1 -> bytes.add(at, (byte) SYNTAX.charAt(random.nextInt(SYNTAX.length())));
                case 2 -> bytes.remove(at);
                case 3 -> bytes.subList(at, bytes.size()).clear();
                case 4 -> {
                    int length = Math.min(bytes.size() - at, 1 + random.nextInt(32));
                    List<Byte> chunk = new ArrayList<>(bytes.subList(at, at + length));
                    for (int r = random.nextInt(64); r > 0; r--) {
                        bytes.addAll(at, chunk);
                    }
                }
                default -> bytes.set(at, (byte) (bytes.get(at) ^ (1 << random.nextInt(8))));
            }
        }
        byte[] out = new byte[bytes.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = bytes.get(i);
        }
        return out;
    }

    /** No exception is acceptable from a parser that refuses nothing. */
    private static final class NeverThrown extends Exception {}

    private interface Parser {
        void parse(byte[] input) throws Exception;
    }

    private static void fuzz(String seedName, long seed, Parser parser, Class<? extends Exception> refusal)
            throws IOException {
        byte[] original = seed(seedName);
        Random random = new Random(seed);
        for (int run = 0; run < RUNS; run++) {
            byte[] input = mutate(original, random);
            try {
                parser.parse(input);
            } catch (Exception e) {
                assertThat(e).as("%s run %d (seed %d)", seedName, run, seed).isInstanceOf(refusal);
                assertThat(e.getMessage())
                        .as("%s run %d (seed %d)", seedName, run, seed)
                        .doesNotContain("\n");
            }
        }
    }

    @Test
    void ecsJsonWithLines() throws IOException {
        fuzz(
                "/ecs/fargate-register-input.json",
                1,
                input -> LocatedJson.parse(input, "task.json", LocatedJson.Syntax.JSON, LocatedJson.TagHandler.IGNORE),
                PreflightException.class);
    }

    @Test
    void yamlWithCloudFormationTags() throws IOException {
        fuzz(
                "/cloudformation/fargate-service-arm64.yaml",
                2,
                input -> LocatedJson.parse(
                        input, "template.yaml", LocatedJson.Syntax.YAML, LocatedJson.TagHandler.CLOUDFORMATION),
                PreflightException.class);
    }

    @Test
    void hcl() throws IOException {
        fuzz(
                "/terraform/seed/main.tf",
                3,
                input -> HclParser.parseFile(new HclSource("main.tf", new String(input, StandardCharsets.UTF_8))),
                HclSyntaxException.class);
    }

    @Test
    void executablesAndShebangs() throws IOException {
        for (String seed : List.of("/binary/dynamic-x86_64", "/fuzz/script.sh")) {
            // sniffing refuses nothing: every byte string is some format, or none
            fuzz(seed, 4, ExecutableSniffer::sniff, NeverThrown.class);
        }
    }

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path work;

    @Test
    void imageArchivesAndTheirLayers() throws Exception {
        // a real Jib-built docker archive, mutated: opened, its manifest read and its entrypoint walked
        java.nio.file.Path seed = io.github.ecspreflight.image.TestImages.dockerArchive(
                io.github.ecspreflight.image.TestImages.scratch("amd64", work), work.resolve("seed.tar"), "app:1");
        byte[] original = java.nio.file.Files.readAllBytes(seed);
        Random random = new Random(5);
        for (int run = 0; run < RUNS / 10; run++) {
            java.nio.file.Path mutated = work.resolve("mutated.tar");
            java.nio.file.Files.write(mutated, mutate(original, random));
            try (io.github.ecspreflight.image.Image image = new io.github.ecspreflight.image.open.ImageOpener(
                            work, io.github.ecspreflight.image.RegistryAccess.defaults())
                    .open(io.github.ecspreflight.image.ImageReference.parse("docker-archive:mutated.tar"))) {
                io.github.ecspreflight.image.ImageManifest manifest =
                        image.manifest(image.entries().get(0));
                new io.github.ecspreflight.image.fs.ImageFilesystem(image, manifest).resolve("/app/run");
            } catch (PreflightException e) {
                assertThat(e.getMessage()).as("archive run %d", run).doesNotContain("\n");
            }
        }
    }
}
