package io.github.ecspreflight.check;

import io.github.ecspreflight.ecs.ContainerDefinition;
import io.github.ecspreflight.ecs.ContainerStartup;
import io.github.ecspreflight.ecs.TaskDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * EP401-EP404: what {@code register-task-definition} (and so every deploy tool) refuses with a
 * {@code ClientException} before anything runs: Fargate sizes it does not offer, containers larger than their task,
 * host ports under awsvpc, and no essential container or a broken {@code dependsOn}. Judged on the whole task
 * definition, every container; values known only once deployed are not judged.
 */
public final class RegistrationRules implements RuleFamily {

    public static final Rule EP401 = Rule.of(
            "EP401",
            Severity.ERROR,
            "registration",
            "Fargate task size not offered",
            "A Fargate task needs task-level cpu and memory, in one of the combinations Fargate offers.");

    public static final Rule EP402 = Rule.of(
            "EP402",
            Severity.ERROR,
            "registration",
            "Container larger than its task",
            "A container's memory or memoryReservation is above the task's memory, or the containers' cpu adds up to "
                    + "more than the task's cpu.");

    public static final Rule EP403 = Rule.of(
            "EP403",
            Severity.ERROR,
            "registration",
            "Host port differs from container port under awsvpc",
            "With the awsvpc network mode (always on Fargate) a port mapping's hostPort must be absent or equal to "
                    + "its containerPort.");

    public static final Rule EP404 = Rule.of(
            "EP404",
            Severity.ERROR,
            "registration",
            "No essential container, or a broken dependsOn",
            "A task definition needs an essential container, and dependsOn must name containers of the task without "
                    + "a cycle.");

    private static final List<Rule> RULES = List.of(EP401, EP402, EP403, EP404);

    /** Fargate's task sizes (ECS developer guide): for each cpu, the memory range in MiB and its step. */
    private static final Map<Integer, int[]> FARGATE_SIZES = new LinkedHashMap<>();

    static {
        FARGATE_SIZES.put(256, new int[] {512, 2048, 512}); // 512, 1024, 2048 (1536 is not offered, see offers())
        FARGATE_SIZES.put(512, new int[] {1024, 4096, 1024});
        FARGATE_SIZES.put(1024, new int[] {2048, 8192, 1024});
        FARGATE_SIZES.put(2048, new int[] {4096, 16384, 1024});
        FARGATE_SIZES.put(4096, new int[] {8192, 30720, 1024});
        FARGATE_SIZES.put(8192, new int[] {16384, 61440, 4096});
        FARGATE_SIZES.put(16384, new int[] {32768, 122880, 8192});
    }

    private static final String REFUSED = "ECS refuses to register the task definition (ClientException: ";

    @Override
    public List<Rule> rules() {
        return RULES;
    }

    @Override
    public void check(CheckContext context, Verdicts verdicts) {
        TaskDefinition task = context.task();
        fargateSize(task, verdicts);
        containerSizes(task, verdicts);
        hostPorts(task, verdicts);
        essentialAndDependencies(task, verdicts);
    }

    private static void fargateSize(TaskDefinition task, Verdicts verdicts) {
        if (!task.requiresFargate()) {
            return;
        }
        if (TaskDefinition.isUnknown(task.cpu()) || TaskDefinition.isUnknown(task.memory())) {
            verdicts.notRun(EP401, "the task's cpu or memory is known only once deployed");
            return;
        }
        if (task.cpu() == null || task.memory() == null) {
            String missing = task.cpu() == null ? "cpu" : "memory";
            verdicts.report(Finding.of(
                    EP401,
                    "The Fargate task definition sets no task-level "
                            + (task.cpu() == null && task.memory() == null ? "cpu or memory" : missing) + ": " + REFUSED
                            + "\"Fargate requires that '" + missing + "' be defined at the task level\"); a "
                            + "container's own cpu and memory do not count.",
                    task.locations().resource(),
                    Remedies.fargateSize(task, sizeFor(task)[0], sizeFor(task)[1])));
            return;
        }
        Integer cpu = task.cpuUnits();
        Integer memory = task.memoryMiB();
        String template = cpu == null && isTemplate(task.cpu())
                ? task.cpu()
                : memory == null && isTemplate(task.memory()) ? task.memory() : null;
        if (template != null) {
            verdicts.notRun(
                    EP401,
                    "the task's cpu or memory is \"" + template + "\", a template's placeholder filled in before "
                            + "the task definition is registered");
            return;
        }
        if (cpu == null || memory == null) {
            verdicts.report(Finding.of(
                    EP401,
                    "The task's "
                            + (cpu == null
                                    ? "cpu \"" + task.cpu() + "\" is not a number of CPU units or vCPUs"
                                    : "memory \"" + task.memory() + "\" is not a number of MiB or GB")
                            + ": " + REFUSED + "\"Invalid '" + (cpu == null ? "cpu" : "memory")
                            + "' setting for task\").",
                    task.locations().resource(),
                    Remedies.fargateSize(task, sizeFor(task)[0], sizeFor(task)[1])));
            return;
        }
        if (offers(cpu, memory)) {
            return;
        }
        int[] nearest = nearest(cpu, memory);
        verdicts.report(Finding.of(
                EP401,
                "Fargate offers no task of " + cpu + " CPU units with " + memory + " MiB: " + REFUSED
                        + "\"No Fargate configuration exists for given values: " + cpu + " CPU, " + memory
                        + " memory\"). " + offered(cpu),
                task.locations().resource(),
                Remedies.fargateSize(task, nearest[0], nearest[1])));
    }

    /** {@code <PLACEHOLDER>}, {@code {{cpu}}}, {@code #{cpu}}, {@code @cpu@}: what pipelines replace before registering. */
    private static final java.util.regex.Pattern TEMPLATE =
            java.util.regex.Pattern.compile("\\s*(<[^<>]+>|\\{\\{.+}}|#\\{.+}|@[\\w.-]+@|%[\\w.-]+%)\\s*");

    private static boolean isTemplate(String value) {
        return value != null && TEMPLATE.matcher(value).matches();
    }

    /** The offered size nearest to what is set: the smallest for a given memory or cpu, else 256 CPU with 512 MiB. */
    private static int[] sizeFor(TaskDefinition task) {
        Integer cpu = task.cpuUnits();
        Integer memory = task.memoryMiB();
        if (cpu == null && memory != null) {
            return nearest(256, memory);
        }
        if (cpu != null && memory == null) {
            return nearest(cpu, 0);
        }
        return new int[] {256, 512};
    }

    static boolean offers(int cpu, int memory) {
        int[] range = FARGATE_SIZES.get(cpu);
        if (range == null || memory < range[0] || memory > range[1]) {
            return false;
        }
        if (cpu == 256) {
            return memory == 512 || memory == 1024 || memory == 2048;
        }
        return (memory - range[0]) % range[2] == 0;
    }

    private static String offered(int cpu) {
        int[] range = FARGATE_SIZES.get(cpu);
        if (range == null) {
            return "Fargate's cpu values are "
                    + String.join(
                            ", ",
                            FARGATE_SIZES.keySet().stream().map(String::valueOf).toList()) + ".";
        }
        return cpu == 256
                ? "With 256 CPU units Fargate offers 512, 1024 or 2048 MiB."
                : "With " + cpu + " CPU units Fargate offers " + range[0] + " to " + range[1] + " MiB in steps of "
                        + range[2] + ".";
    }

    /** The offered size closest to the one asked: the cpu kept where it is offered, the memory rounded up. */
    private static int[] nearest(int cpu, int memory) {
        // the cpu if offered (else the next one up, at most the largest), then larger ones: the first whose memory
        // reaches what is asked, rounded up to a size offered
        int floor = Math.min(cpu, 16384);
        for (Map.Entry<Integer, int[]> size : FARGATE_SIZES.entrySet()) {
            int[] range = size.getValue();
            if (size.getKey() < floor) {
                continue;
            }
            for (int m = range[0]; m <= range[1]; m += size.getKey() == 256 ? 512 : range[2]) {
                if (m >= memory && offers(size.getKey(), m)) {
                    return new int[] {size.getKey(), m};
                }
            }
        }
        return new int[] {16384, 122880};
    }

    private static void containerSizes(TaskDefinition task, Verdicts verdicts) {
        Integer taskMemory = task.memoryMiB();
        Integer taskCpu = task.cpuUnits();
        int cpuSum = 0;
        List<String> withCpu = new ArrayList<>();
        for (ContainerDefinition container : task.containers()) {
            Integer memory = container.runtime().memory();
            Integer reservation = container.runtime().memoryReservation();
            if (taskMemory != null) {
                String which = memory != null && memory > taskMemory
                        ? "memory " + memory
                        : reservation != null && reservation > taskMemory ? "memoryReservation " + reservation : null;
                if (which != null) {
                    verdicts.report(Finding.of(
                            EP402,
                            "Container '" + container.name() + "' asks for " + which + " MiB, more than the task's "
                                    + taskMemory + " MiB: " + REFUSED + "a container may not ask for more memory than "
                                    + "its task has).",
                            container.location(),
                            Remedies.shrinkContainerMemory(container.name(), taskMemory)));
                }
            }
            Integer cpu = container.startup().cpu();
            if (cpu != null) {
                cpuSum += cpu;
                withCpu.add(container.name() + " " + cpu);
            }
        }
        if (taskCpu != null && cpuSum > taskCpu) {
            verdicts.report(Finding.of(
                    EP402,
                    "The containers' cpu adds up to " + cpuSum + " units (" + String.join(", ", withCpu)
                            + "), more than the task's " + taskCpu + ": " + REFUSED
                            + "the containers share the task's cpu).",
                    task.locations().resource(),
                    Remedies.shrinkContainerCpu(taskCpu)));
        }
    }

    private static void hostPorts(TaskDefinition task, Verdicts verdicts) {
        if (!"awsvpc".equals(task.effectiveNetworkMode())) {
            return;
        }
        for (ContainerDefinition container : task.containers()) {
            for (ContainerStartup.PortMapping port : container.startup().portMappings()) {
                if (port.hostPort() != null
                        && port.containerPort() != null
                        && !port.hostPort().equals(port.containerPort())) {
                    verdicts.report(Finding.of(
                            EP403,
                            "Container '" + container.name() + "' maps host port " + port.hostPort()
                                    + " to container port " + port.containerPort() + ", but under awsvpc"
                                    + (task.requiresFargate() ? " (Fargate's only network mode)" : "")
                                    + " the task has its own network interface and the two must be equal: " + REFUSED
                                    + "\"When networkMode=awsvpc, the host ports and container ports in port mappings "
                                    + "must match\").",
                            container.location(),
                            Remedies.matchHostPort(port.containerPort())));
                }
            }
        }
    }

    private static void essentialAndDependencies(TaskDefinition task, Verdicts verdicts) {
        List<ContainerDefinition> containers = task.containers();
        if (containers.stream().noneMatch(ContainerDefinition::essential)) {
            verdicts.report(Finding.of(
                    EP404,
                    "No container of the task definition is essential (" + containers.size() + " container"
                            + (containers.size() == 1 ? "" : "s") + ", each with essential false): " + REFUSED
                            + "\"Task definition does not have any essential container\").",
                    task.locations().resource(),
                    Remedies.makeEssential(containers.get(0).name())));
        }
        Set<String> names = new LinkedHashSet<>();
        containers.forEach(c -> names.add(c.name()));
        Map<String, List<String>> edges = new HashMap<>();
        for (ContainerDefinition container : containers) {
            for (ContainerStartup.Dependency dependency : container.startup().dependsOn()) {
                String target = dependency.containerName();
                if (target == null || TaskDefinition.isUnknown(target)) {
                    continue;
                }
                if (!names.contains(target)) {
                    verdicts.report(Finding.of(
                            EP404,
                            "Container '" + container.name() + "' depends on '" + target
                                    + "', which is not a container of the task (" + String.join(", ", names) + "): "
                                    + REFUSED + "dependsOn may name only the task's own containers).",
                            container.location(),
                            Remedies.fixDependency(target, names)));
                } else {
                    edges.computeIfAbsent(container.name(), k -> new ArrayList<>())
                            .add(target);
                }
            }
        }
        List<String> cycle = cycle(names, edges);
        if (!cycle.isEmpty()) {
            verdicts.report(Finding.of(
                    EP404,
                    "dependsOn forms a cycle: " + String.join(" -> ", cycle) + ", so none of them could ever start: "
                            + REFUSED + "a circular dependency).",
                    containers.stream()
                            .filter(c -> c.name().equals(cycle.get(0)))
                            .findFirst()
                            .orElseThrow()
                            .location(),
                    Remedies.breakCycle(cycle)));
        }
    }

    /** The first cycle found, as {@code a -> b -> a}; empty when there is none. */
    private static List<String> cycle(Set<String> names, Map<String, List<String>> edges) {
        Map<String, Integer> state = new HashMap<>(); // 1 on the path, 2 done
        for (String start : names) {
            List<String> path = new ArrayList<>();
            List<String> found = visit(start, edges, state, path);
            if (!found.isEmpty()) {
                return found;
            }
        }
        return List.of();
    }

    private static List<String> visit(
            String node, Map<String, List<String>> edges, Map<String, Integer> state, List<String> path) {
        Integer seen = state.get(node);
        if (seen != null && seen == 2) {
            return List.of();
        }
        if (seen != null && seen == 1) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(node), path.size()));
            cycle.add(node);
            return cycle;
        }
        state.put(node, 1);
        path.add(node);
        for (String next : edges.getOrDefault(node, List.of())) {
            List<String> found = visit(next, edges, state, path);
            if (!found.isEmpty()) {
                return found;
            }
        }
        path.remove(path.size() - 1);
        state.put(node, 2);
        return List.of();
    }
}
