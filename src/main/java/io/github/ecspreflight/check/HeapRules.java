package io.github.ecspreflight.check;

import io.github.ecspreflight.common.SourceLocation;
import io.github.ecspreflight.ecs.ContainerDefinition;
import io.github.ecspreflight.ecs.TaskDefinition;
import io.github.ecspreflight.image.ImageConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * EP012: is the JVM's maximum heap below the memory the container may use? A heap at or above the limit is
 * OOM-killed (exit 137) once it fills. The heap is the last {@code -Xmx} or {@code -XX:MaxHeapSize} the JVM sees, in
 * its order: {@code JAVA_TOOL_OPTIONS}, then {@code JDK_JAVA_OPTIONS}, then the command line of a {@code java}
 * command (where Jib puts its {@code jvmFlags}). The limit is the container's {@code memory}, else the task's. Only
 * the numbers are ever printed: the option strings may hold secrets.
 */
public final class HeapRules implements RuleFamily {

    public static final Rule EP012 = Rule.of(
            "EP012",
            Severity.WARNING,
            "memory",
            "JVM heap not below the memory limit",
            "The JVM's maximum heap is at least the container's or task's memory limit, so the container is "
                    + "OOM-killed once the heap fills.");

    private static final Pattern HEAP = Pattern.compile("^-(?:Xmx|XX:MaxHeapSize=)(\\d{1,15})([kKmMgGtT]?)$");

    private static final List<Rule> RULES = List.of(EP012);

    @Override
    public List<Rule> rules() {
        return RULES;
    }

    /** A maximum heap, in bytes, and where the JVM takes it from. */
    private record Heap(long bytes, String from) {}

    @Override
    public void check(CheckContext context, Verdicts verdicts) {
        ContainerDefinition container = context.container();
        Optional<ImageConfig> config = context.manifest().manifest().map(m -> m.config());
        Heap heap = heap(container, config.orElse(null));
        if (heap == null) {
            verdicts.notRun(EP012, "no -Xmx or -XX:MaxHeapSize is given to a java command or in JAVA_TOOL_OPTIONS");
            return;
        }
        Integer containerMemory = container.runtime().memory();
        TaskDefinition task = context.task();
        Integer limit = containerMemory != null ? containerMemory : task.memoryMiB();
        if (limit == null) {
            verdicts.notRun(EP012, "neither the container nor the task sets a memory limit that is known");
            return;
        }
        long limitBytes = limit * 1024L * 1024L;
        if (heap.bytes() < limitBytes) {
            return;
        }
        String whose = containerMemory != null ? "the container's memory limit" : "the task's memory";
        SourceLocation at = containerMemory != null && container.runtime().memoryAt() != null
                ? container.runtime().memoryAt()
                : container.location();
        verdicts.report(Finding.of(
                EP012,
                "The JVM's maximum heap is " + mebibytes(heap.bytes()) + " (" + heap.from() + ") but " + whose + " is "
                        + limit + " MiB: once the heap fills, the kernel kills the container (\"OutOfMemoryError: "
                        + "Container killed due to memory usage\", exit code 137) and ECS replaces the task; the JVM "
                        + "needs memory beyond its heap too.",
                at,
                Remedies.lowerHeap(limit, containerMemory != null)));
    }

    /** The heap the JVM would take, or null when none is set (or only where the value is unknown). */
    private static Heap heap(ContainerDefinition container, ImageConfig image) {
        Heap found = null;
        Map<String, String> environment = EffectiveCommand.environment(container, image);
        for (String variable : List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS")) {
            String options = environment.get(variable);
            if (options != null && !TaskDefinition.isUnknown(options)) {
                Heap heap = lastHeap(List.of(options.trim().split("\\s+")), variable);
                found = heap != null ? heap : found;
            }
        }
        List<String> argv = command(container, image);
        if (!argv.isEmpty() && isJava(argv.get(0))) {
            Heap heap = lastHeap(argv.subList(1, argv.size()), "-Xmx in the command");
            found = heap != null ? heap : found;
        }
        return found;
    }

    private static List<String> command(ContainerDefinition container, ImageConfig image) {
        if (image != null) {
            return EffectiveCommand.of(container, image).argv();
        }
        List<String> argv = new ArrayList<>();
        if (container.entryPoint() != null) {
            argv.addAll(container.entryPoint());
        }
        if (container.command() != null) {
            argv.addAll(container.command());
        }
        return argv;
    }

    private static boolean isJava(String program) {
        String name = program.substring(program.lastIndexOf('/') + 1);
        return name.equals("java");
    }

    private static Heap lastHeap(List<String> arguments, String from) {
        Heap heap = null;
        for (String argument : arguments) {
            Matcher matcher = HEAP.matcher(argument);
            if (matcher.matches()) {
                long value = Long.parseLong(matcher.group(1));
                long unit = switch (matcher.group(2).toLowerCase(Locale.ROOT)) {
                    case "k" -> 1024L;
                    case "m" -> 1024L * 1024;
                    case "g" -> 1024L * 1024 * 1024;
                    case "t" -> 1024L * 1024 * 1024 * 1024;
                    default -> 1L;
                };
                heap = new Heap(value > Long.MAX_VALUE / unit ? Long.MAX_VALUE : value * unit, from);
            }
        }
        return heap;
    }

    private static String mebibytes(long bytes) {
        long mib = bytes / (1024 * 1024);
        return mib + " MiB";
    }
}
