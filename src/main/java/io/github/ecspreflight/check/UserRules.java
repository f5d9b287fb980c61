package io.github.ecspreflight.check;

import io.github.ecspreflight.binary.ByteRange;
import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.common.SourceLocation;
import io.github.ecspreflight.ecs.TaskDefinition;
import io.github.ecspreflight.image.fs.ImageFilesystem;
import io.github.ecspreflight.image.fs.PathResolution;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * EP010: will the runtime find the user the container runs as? The task definition's {@code user} wins over the
 * image's {@code User}; a name must be in the image's {@code /etc/passwd} and a group name in {@code /etc/group}, as
 * runc looks them up before it starts the process. A numeric uid or gid needs no entry.
 */
public final class UserRules implements RuleFamily {

    public static final Rule EP010 = Rule.of(
            "EP010",
            Severity.ERROR,
            "user",
            "User or group unknown in the image",
            "The container's user or group is a name the image's /etc/passwd or /etc/group does not have.");

    static final String PASSWD = "/etc/passwd";
    static final String GROUP = "/etc/group";

    private static final List<Rule> RULES = List.of(EP010);

    @Override
    public List<Rule> rules() {
        return RULES;
    }

    @Override
    public void prepare(CheckContext context) {
        if (context.filesystem() != null && names(context) != null) {
            context.filesystem().alsoExpect(List.of(PASSWD, GROUP));
        }
    }

    /** The user as the container runs it, and where it is set; null for root (no user set). */
    private record RunAs(String user, String group, String spec, String source, SourceLocation at) {}

    private static RunAs names(CheckContext context) {
        String fromTask = context.container().runtime().user();
        String spec;
        String source;
        SourceLocation at;
        if (fromTask != null && !fromTask.isBlank()) {
            spec = fromTask.trim();
            source = "user in the task definition";
            at = context.container().runtime().userAt() != null
                    ? context.container().runtime().userAt()
                    : context.container().location();
        } else {
            String fromImage =
                    context.manifest().manifest().map(m -> m.config().user()).orElse(null);
            if (fromImage == null || fromImage.isBlank()) {
                return null;
            }
            spec = fromImage.trim();
            source = "the image's User";
            at = context.container().location();
        }
        int colon = spec.indexOf(':');
        String user = colon < 0 ? spec : spec.substring(0, colon);
        String group = colon < 0 ? null : spec.substring(colon + 1);
        return new RunAs(user, group, spec, source, at);
    }

    @Override
    public void check(CheckContext context, Verdicts verdicts) throws PreflightException {
        RunAs runAs = names(context);
        if (runAs == null) {
            return; // root: always there
        }
        if (TaskDefinition.isUnknown(runAs.spec())) {
            verdicts.notRun(EP010, "the user is " + runAs.spec() + ", which is known only once deployed");
            return;
        }
        if (context.filesystem() == null || !PlatformRules.fits(context)) {
            verdicts.notRun(
                    EP010, "no one manifest of the image runs on the task's platform, so its files are not read");
            return;
        }
        ImageFilesystem filesystem = context.filesystem();
        String where = " in image " + context.imageReference();
        if (!numeric(runAs.user())) {
            Lookup passwd = lookup(filesystem, PASSWD, context);
            if (passwd.partial() && !passwd.names().contains(runAs.user())) {
                verdicts.notRun(EP010, PASSWD + " is larger than the part of it that is read");
                return;
            }
            if (!passwd.names().contains(runAs.user())) {
                verdicts.report(Finding.of(
                        EP010,
                        "The container runs as " + runAs.user() + " (" + runAs.source() + "), which " + passwd.says()
                                + where + ": the runtime cannot start it (\"CannotStartContainerError: unable to find "
                                + "user " + runAs.user() + ": no matching entries in passwd file\") and the task stops "
                                + "before the container runs.",
                        runAs.at(),
                        Remedies.addUser(
                                runAs.user(), runAs.source(), context.options().imageBuilder())));
                return;
            }
        }
        if (runAs.group() != null && !runAs.group().isEmpty() && !numeric(runAs.group())) {
            Lookup group = lookup(filesystem, GROUP, context);
            if (group.partial() && !group.names().contains(runAs.group())) {
                verdicts.notRun(EP010, GROUP + " is larger than the part of it that is read");
                return;
            }
            if (!group.names().contains(runAs.group())) {
                verdicts.report(Finding.of(
                        EP010,
                        "The container's group " + runAs.group() + " (" + runAs.source() + ") " + group.says()
                                + where + ": the runtime cannot start it (\"CannotStartContainerError: unable to find "
                                + "group " + runAs.group()
                                + ": no matching entries in group file\") and the task stops "
                                + "before the container runs.",
                        runAs.at(),
                        Remedies.addGroup(
                                runAs.group(), runAs.source(), context.options().imageBuilder())));
            }
        }
    }

    /** The names an {@code /etc/passwd} or {@code /etc/group} lists, and what the file said, for the message. */
    private record Lookup(Set<String> names, boolean partial, String says) {}

    private static Lookup lookup(ImageFilesystem filesystem, String path, CheckContext context)
            throws PreflightException {
        PathResolution resolution = filesystem.resolve(path);
        if (!resolution.found() || !resolution.file().isRegularFile()) {
            return new Lookup(Set.of(), false, "is not listed, since the image has no " + path);
        }
        ByteRange content = filesystem.open(resolution.file());
        byte[] head = new byte[(int) Math.min(content.size(), ImageFilesystem.HEAD_BYTES)];
        int read;
        try {
            read = Math.max(0, content.read(0, head, 0, head.length));
        } catch (IOException e) {
            throw new PreflightException(
                    "image " + context.imageReference() + ": cannot read " + path + " ("
                            + io.github.ecspreflight.common.Messages.oneLine(e) + ")",
                    e);
        }
        Set<String> names = new HashSet<>();
        String text = new String(head, 0, read, StandardCharsets.UTF_8);
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                names.add(line.substring(0, colon).trim());
            }
        }
        String layer = resolution.file().layerName();
        return new Lookup(
                names,
                content.size() > read,
                "is not among the " + names.size() + " entries of " + path + ", from " + layer + ",");
    }

    private static boolean numeric(String id) {
        return !id.isEmpty() && id.chars().allMatch(Character::isDigit);
    }
}
