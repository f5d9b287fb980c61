package io.github.ecspreflight.aws;

import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.ecs.Candidate;
import io.github.ecspreflight.ecs.Deployment;
import io.github.ecspreflight.ecs.LiveResources;
import io.github.ecspreflight.ecs.PlacementConstraint;
import io.github.ecspreflight.ecs.TaskDefinition;
import io.github.ecspreflight.ecs.live.LiveExecutionRole;
import io.github.ecspreflight.ecs.live.LiveTaskDefinitions;
import io.github.ecspreflight.iam.ExecutionRoleEvidence;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Attribute;
import software.amazon.awssdk.services.ecs.model.CapacityProviderStrategyItem;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.ListContainerInstancesResponse;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceNotFoundException;

/**
 * Task definitions as ECS holds them, read with the AWS SDK: {@code DescribeTaskDefinition} for
 * {@code ecs:FAMILY[:REVISION]} and task-definition ARNs; {@code DescribeServices} then the service's task definition,
 * run on the service's launch type or capacity providers ({@code FARGATE}, {@code FARGATE_SPOT} mean Fargate); for the
 * EC2 launch type with nothing that pins the CPU, the {@code ecs.cpu-architecture} attributes of the cluster's
 * container instances ({@code ListContainerInstances}, {@code DescribeContainerInstances}); and the execution role's
 * right to write the awslogs logs from IAM's policy simulator. Every call is made once per build ({@link BuildCache}).
 */
public final class SdkTaskDefinitions implements LiveTaskDefinitions {

    /** {@code FAMILY} or {@code FAMILY:REVISION}, as ECS names them. */
    private static final Pattern FAMILY = Pattern.compile("[A-Za-z0-9_-]{1,255}(?::[1-9][0-9]{0,8})?");

    private static final Pattern TASK_DEFINITION_ARN = Pattern.compile(
            "arn:[a-z0-9-]+:ecs:([a-z0-9-]+):\\d{12}:task-definition/[A-Za-z0-9_-]{1,255}(?::[1-9][0-9]{0,8})?");

    private static final Pattern CLUSTER_ARN = Pattern.compile("arn:[a-z0-9-]+:ecs:([a-z0-9-]+):\\d{12}:cluster/.+");

    private static final String CPU_ATTRIBUTE = "ecs.cpu-architecture";

    private final AwsSettings settings;
    private final String cluster;
    private final BuildCache cache;

    /**
     * @param cluster the user's {@code cluster}, asked for its instances' CPUs when a task definition named without a
     *     service runs on the EC2 launch type; may be null
     */
    public SdkTaskDefinitions(AwsSettings settings, String cluster) {
        this.settings = settings;
        this.cluster = cluster == null || cluster.isBlank() ? null : cluster.trim();
        this.cache = BuildCache.of(settings);
    }

    @Override
    public Candidate describe(String reference) throws PreflightException {
        String what = "taskDefinition " + reference;
        String name = taskDefinitionName(reference);
        Matcher arn = TASK_DEFINITION_ARN.matcher(name);
        List<String> notes = new ArrayList<>();
        Candidate task;
        try (AwsClients aws = new AwsClients(settings, what, arn.matches() ? arn.group(1) : null)) {
            Described described = describeTaskDefinition(aws, name, what);
            task = Candidate.of(described.task());
            if (cluster != null) {
                task = onCluster(aws, task, cluster, notes);
            }
            task = withExecutionRole(aws, task, described.arn(), notes);
        }
        notes.forEach(settings.notes());
        return task;
    }

    @Override
    public Candidate forService(String cluster, String service) throws PreflightException {
        String what = "service " + service + " (cluster " + cluster + ")";
        Matcher arn = CLUSTER_ARN.matcher(cluster);
        List<String> notes = new ArrayList<>();
        Candidate task;
        try (AwsClients aws = new AwsClients(settings, what, arn.matches() ? arn.group(1) : null)) {
            ServiceRun run =
                    cache.get(() -> describeService(aws, cluster, service, what), "DescribeServices", cluster, service);
            Described described = describeTaskDefinition(aws, run.taskDefinition(), what);
            task = run.applyTo(described.task());
            if (!task.fargate()) {
                task = onCluster(aws, task, cluster, notes);
            }
            task = withExecutionRole(aws, task, described.arn(), notes);
        }
        notes.forEach(settings.notes());
        return task;
    }

    /** {@code ecs:FAMILY[:REVISION]} as {@code FAMILY[:REVISION]}; a task-definition ARN as it is. */
    static String taskDefinitionName(String reference) throws PreflightException {
        String value = reference == null ? "" : reference.trim();
        if (value.startsWith("ecs:")) {
            String name = value.substring("ecs:".length());
            if (FAMILY.matcher(name).matches()) {
                return name;
            }
            throw new PreflightException("taskDefinition " + value + ": not a task-definition name; write "
                    + "ecs:FAMILY for the latest ACTIVE revision or ecs:FAMILY:REVISION (letters, digits, - and _; "
                    + "a revision from 1)");
        }
        if (TASK_DEFINITION_ARN.matcher(value).matches()) {
            return value;
        }
        throw new PreflightException("taskDefinition " + value + ": not a task-definition ARN "
                + "(arn:aws:ecs:REGION:ACCOUNT:task-definition/FAMILY:REVISION); for a service, set "
                + "ecsPreflight.cluster and ecsPreflight.service instead");
    }

    /** A described task definition and its ARN, which gives the account and the partition. */
    record Described(TaskDefinition task, String arn) {}

    private Described describeTaskDefinition(AwsClients aws, String name, String what) throws PreflightException {
        return cache.get(
                () -> {
                    EcsClient ecs = aws.ecs();
                    software.amazon.awssdk.services.ecs.model.TaskDefinition task;
                    try {
                        task = ecs.describeTaskDefinition(request -> request.taskDefinition(name))
                                .taskDefinition();
                    } catch (ClientException e) {
                        String message = AwsFailures.awsMessage(e);
                        if (message != null
                                && message.toLowerCase(Locale.ROOT).contains("unable to describe task definition")) {
                            String family =
                                    name.replaceFirst(".*task-definition/", "").replaceFirst(":\\d+$", "");
                            throw new PreflightException(
                                    what + ": ECS in " + aws.region().id() + " has no task definition "
                                            + name
                                            + " (unknown family or revision, or an INACTIVE revision no service uses); list "
                                            + "them with aws ecs list-task-definitions --family-prefix " + family
                                            + " --region "
                                            + aws.region().id(),
                                    e);
                        }
                        throw AwsFailures.failure(what, "ECS", "ecs:DescribeTaskDefinition", e, aws);
                    } catch (SdkException e) {
                        throw AwsFailures.failure(what, "ECS", "ecs:DescribeTaskDefinition", e, aws);
                    }
                    if (task == null
                            || !task.hasContainerDefinitions()
                            || task.containerDefinitions().isEmpty()) {
                        throw new PreflightException(what + ": ECS answered without a task definition with containers");
                    }
                    return new Described(TaskDefinitionMapper.map(task), task.taskDefinitionArn());
                },
                "DescribeTaskDefinition",
                name);
    }

    /** How a service runs its task definition: which one, on which launch type, with which placement constraints. */
    record ServiceRun(String taskDefinition, String launchType, List<PlacementConstraint> placementConstraints) {

        /** The task definition as this service runs it: on its launch type, with its constraints too. */
        Candidate applyTo(TaskDefinition task) {
            return new Candidate(task.source(), task, Deployment.NONE.onService(launchType, placementConstraints));
        }
    }

    private static ServiceRun describeService(AwsClients aws, String cluster, String service, String what)
            throws PreflightException {
        DescribeServicesResponse response;
        try {
            response = aws.ecs()
                    .describeServices(request -> request.cluster(cluster).services(service));
        } catch (ClusterNotFoundException e) {
            throw new PreflightException(
                    what + ": ECS in " + aws.region().id() + " has no cluster " + cluster
                            + "; check ecsPreflight.cluster (aws ecs list-clusters --region "
                            + aws.region().id() + ")",
                    e);
        } catch (ServiceNotFoundException e) {
            throw notFound(aws, cluster, service, what, false);
        } catch (SdkException e) {
            throw AwsFailures.failure(what, "ECS", "ecs:DescribeServices", e, aws);
        }
        Service found = null;
        boolean inactive = false;
        for (Service candidate : response.services()) {
            if ("INACTIVE".equalsIgnoreCase(candidate.status())) {
                inactive = true;
            } else if (found == null) {
                found = candidate;
            }
        }
        if (found == null) {
            for (Failure failure : response.failures()) {
                if (failure.reason() != null
                        && failure.reason().toLowerCase(Locale.ROOT).contains("cluster")) {
                    throw new PreflightException(
                            what + ": ECS in " + aws.region().id() + " has no cluster " + cluster + " ("
                                    + failure.reason() + "); check ecsPreflight.cluster");
                }
            }
            throw notFound(aws, cluster, service, what, inactive);
        }
        if (found.taskDefinition() == null) {
            throw new PreflightException(what + ": ECS answered without the service's task definition");
        }
        List<PlacementConstraint> constraints = new ArrayList<>();
        if (found.hasPlacementConstraints()) {
            found.placementConstraints()
                    .forEach(c -> constraints.add(new PlacementConstraint(c.typeAsString(), c.expression())));
        }
        return new ServiceRun(found.taskDefinition(), launchType(found), constraints);
    }

    /** FARGATE, EC2 or EXTERNAL: the launch type, else Fargate when a FARGATE capacity provider runs it, else EC2. */
    static String launchType(Service service) {
        String launchType = service.launchTypeAsString();
        if (launchType != null
                && !launchType.isBlank()
                && service.launchType() != null
                && service.launchType()
                        != software.amazon.awssdk.services.ecs.model.LaunchType.UNKNOWN_TO_SDK_VERSION) {
            return launchType;
        }
        if (service.hasCapacityProviderStrategy()) {
            for (CapacityProviderStrategyItem item : service.capacityProviderStrategy()) {
                String provider = item.capacityProvider() == null
                        ? ""
                        : item.capacityProvider().toUpperCase(Locale.ROOT);
                if (provider.equals("FARGATE") || provider.equals("FARGATE_SPOT")) {
                    return "FARGATE";
                }
            }
        }
        return "EC2";
    }

    private static PreflightException notFound(
            AwsClients aws, String cluster, String service, String what, boolean inactive) throws PreflightException {
        return new PreflightException(what + ": ECS in " + aws.region().id() + " has no "
                + (inactive ? "active " : "") + "service " + service + " in cluster " + cluster
                + (inactive ? " (it is INACTIVE: deleted)" : "") + "; check ecsPreflight.service and "
                + "ecsPreflight.cluster (aws ecs list-services --cluster " + cluster + " --region "
                + aws.region().id()
                + ")");
    }

    /** The CPUs of a cluster's container instances: how many of each {@code ecs.cpu-architecture}. */
    record ClusterCpus(Map<String, Integer> architectures, int instances, String denied) {}

    /**
     * The task with its cluster's instance architectures, when it runs on EC2 (or ECS Anywhere) and nothing in it pins
     * the CPU: neither {@code runtimePlatform.cpuArchitecture} nor an {@code ecs.cpu-architecture} constraint.
     */
    private Candidate onCluster(AwsClients aws, Candidate task, String cluster, List<String> notes)
            throws PreflightException {
        if (task.fargate()
                || task.taskDefinition().cpuArchitecture() != null
                || task.placementConstraints().stream()
                        .anyMatch(c -> c.expression() != null && c.expression().contains(CPU_ATTRIBUTE))) {
            return task;
        }
        ClusterCpus cpus = cache.get(() -> clusterCpus(aws, cluster), "ContainerInstances", cluster);
        if (cpus.denied() != null) {
            notes.add("ecs-preflight: cannot read the CPUs of cluster " + cluster + "'s container instances: "
                    + cpus.denied());
            return task;
        }
        if (cpus.architectures().isEmpty()) {
            notes.add("ecs-preflight: cluster " + cluster + " has "
                    + (cpus.instances() == 0
                            ? "no container instance"
                            : "no container instance with an " + CPU_ATTRIBUTE + " attribute")
                    + ", so the CPU the task would run on cannot be known");
            return task;
        }
        notes.add("ecs-preflight: cluster " + cluster + " runs "
                + cpus.architectures().entrySet().stream()
                        .map(e -> e.getValue() + " " + e.getKey())
                        .collect(Collectors.joining(" and "))
                + " container instance" + (cpus.instances() == 1 ? "" : "s") + " (" + CPU_ATTRIBUTE + ")");
        return new Candidate(
                task.address(),
                task.taskDefinition(),
                task.deployment().onCluster(List.copyOf(cpus.architectures().keySet())));
    }

    private static ClusterCpus clusterCpus(AwsClients aws, String cluster) throws PreflightException {
        Map<String, Integer> architectures = new TreeMap<>();
        int instances = 0;
        String action = "ecs:ListContainerInstances";
        try {
            EcsClient ecs = aws.ecs();
            for (ListContainerInstancesResponse page : ecs.listContainerInstancesPaginator(r -> r.cluster(cluster))) {
                List<String> arns = page.containerInstanceArns();
                for (int from = 0; from < arns.size(); from += 100) {
                    List<String> batch = arns.subList(from, Math.min(arns.size(), from + 100));
                    action = "ecs:DescribeContainerInstances";
                    for (ContainerInstance instance : ecs.describeContainerInstances(
                                    r -> r.cluster(cluster).containerInstances(batch))
                            .containerInstances()) {
                        instances++;
                        for (Attribute attribute : instance.attributes()) {
                            if (CPU_ATTRIBUTE.equals(attribute.name()) && attribute.value() != null) {
                                architectures.merge(attribute.value().toLowerCase(Locale.ROOT), 1, Integer::sum);
                            }
                        }
                    }
                    action = "ecs:ListContainerInstances";
                }
            }
        } catch (ClusterNotFoundException e) {
            throw new PreflightException(
                    "cluster " + cluster + ": ECS in " + aws.region().id() + " has no such "
                            + "cluster; check ecsPreflight.cluster (aws ecs list-clusters --region "
                            + aws.region().id() + ")",
                    e);
        } catch (SdkException e) {
            if (AwsFailures.isAccessDenied(e)) {
                return new ClusterCpus(Map.of(), 0, aws.scrub(AwsFailures.cause("ECS", action, e, aws)));
            }
            throw AwsFailures.failure("cluster " + cluster, "ECS", action, e, aws);
        }
        return new ClusterCpus(architectures, instances, null);
    }

    private Candidate withExecutionRole(AwsClients aws, Candidate task, String arn, List<String> notes)
            throws PreflightException {
        String region = aws.region().id();
        LiveResources resources =
                ResourceExistence.lookup(aws, cache, LiveResources.referencedBy(task.taskDefinition(), region));
        resources
                .unavailable()
                .forEach((kind, why) -> notes.add("ecs-preflight: " + rule(kind) + " not judged live for "
                        + kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + "s: " + why));
        task = new Candidate(
                task.address(), task.taskDefinition(), task.deployment().withLiveResources(resources));
        if (task.taskDefinition().executionRoleArn() == null) {
            return task;
        }
        LiveExecutionRole.PolicySimulator simulator = (role, actions, resourceArns, context) -> {
            IamSimulation simulation;
            try {
                simulation = cache.get(
                        () -> IamSimulation.simulate(aws, role, actions, resourceArns, context),
                        "SimulatePrincipalPolicy",
                        role,
                        String.join(",", actions),
                        String.join(",", resourceArns),
                        new java.util.TreeMap<>(context).toString());
            } catch (PreflightException e) {
                throw new LiveExecutionRole.Unavailable(e.getMessage());
            }
            if (simulation.note() != null && !notes.contains(simulation.note())) {
                notes.add(simulation.note());
            }
            if (simulation.unavailable() != null) {
                throw new LiveExecutionRole.Unavailable(simulation.unavailable());
            }
            return new LiveExecutionRole.Answer(simulation.allowed(), simulation.undecided());
        };
        LiveExecutionRole.RoleTrust trust = role -> {
            IamRoleTrust answer;
            try {
                answer = cache.get(() -> IamRoleTrust.of(aws, role), "GetRole", role);
            } catch (PreflightException e) {
                throw new LiveExecutionRole.Unavailable(e.getMessage());
            }
            if (answer.unavailable() != null) {
                throw new LiveExecutionRole.Unavailable(answer.unavailable());
            }
            return answer.trusts();
        };
        ExecutionRoleEvidence evidence =
                LiveExecutionRole.evidence(task.taskDefinition(), arn, region, simulator, trust, notes::add);
        if (evidence == null) {
            return task;
        }
        return new Candidate(
                task.address(), task.taskDefinition(), task.deployment().withExecutionRole(evidence));
    }

    private static String rule(LiveResources.Kind kind) {
        return kind == LiveResources.Kind.LOG_GROUP ? "EP106" : "EP304";
    }
}
