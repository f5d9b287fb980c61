package io.github.ecspreflight.report;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** This tool's name and version, as reports name them. */
public final class ToolInfo {

    public static final String NAME = "ecs-preflight-maven-plugin";

    private ToolInfo() {}

    /** The version Maven filtered into the jar; "unknown" when run from unpackaged classes without filtering. */
    public static String version() {
        try (InputStream in = ToolInfo.class.getResourceAsStream("/io/github/ecspreflight/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "unknown");
            return version.startsWith("${") ? "unknown" : version;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
