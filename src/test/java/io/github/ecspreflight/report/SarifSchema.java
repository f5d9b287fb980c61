package io.github.ecspreflight.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Set;

/**
 * The SARIF 2.1.0 JSON schema bundled in {@code src/test/resources/report/} (draft-07; see the README there), with
 * format assertions on, so that a {@code uri} that is no URI fails too. Loaded from the class path: no network.
 */
final class SarifSchema {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonSchema SCHEMA = load();

    private SarifSchema() {}

    private static JsonSchema load() {
        try (InputStream in = SarifSchema.class.getResourceAsStream("/report/sarif-schema-2.1.0.json")) {
            if (in == null) {
                throw new IllegalStateException("the bundled SARIF schema is not on the test class path");
            }
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
                    .getSchema(
                            in,
                            SchemaValidatorsConfig.builder()
                                    .formatAssertionsEnabled(true)
                                    .build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Set<ValidationMessage> violations(JsonNode log) {
        return SCHEMA.validate(log);
    }

    /** Reads a SARIF file and asserts that the schema finds nothing wrong with it. */
    static JsonNode valid(Path sarif) throws IOException {
        JsonNode log = MAPPER.readTree(sarif.toFile());
        assertThat(violations(log)).as("schema violations of %s", sarif).isEmpty();
        return log;
    }
}
