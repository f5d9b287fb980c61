package io.github.ecspreflight.ecs.cloudformation;

/**
 * Lets {@code taskDefinitionResource} name a CDK construct rather than the logical id {@code cdk synth} derived from it
 * ({@code TaskDef54694570}, whose hash changes when the construct moves). A CDK resource carries its construct path in
 * {@code Metadata."aws:cdk:path"} ({@code MyStack/Service/TaskDef/Resource}); a name matches that path, the path
 * without its {@code /Resource} tail, or any tail of either on a {@code /} boundary ({@code TaskDef},
 * {@code Service/TaskDef}).
 */
public final class CdkPaths {

    private CdkPaths() {}

    /** Whether {@code name} names the construct at {@code path}; false for a resource with no path (not from CDK). */
    public static boolean matches(String path, String name) {
        String wanted = name.replaceAll("^/+|/+$", "");
        if (path == null || wanted.isEmpty()) {
            return false;
        }
        String construct = path.endsWith("/Resource") ? path.substring(0, path.length() - "/Resource".length()) : path;
        return path.equals(wanted)
                || construct.equals(wanted)
                || path.endsWith("/" + wanted)
                || construct.endsWith("/" + wanted);
    }
}
