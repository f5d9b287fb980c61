package io.github.ecspreflight.maven;

import io.github.ecspreflight.check.CheckOptions;
import io.github.ecspreflight.check.CheckResult;
import io.github.ecspreflight.check.Finding;
import io.github.ecspreflight.check.Rule;
import io.github.ecspreflight.check.Rules;
import io.github.ecspreflight.check.Severity;
import io.github.ecspreflight.common.BuildLog;
import io.github.ecspreflight.common.Messages;
import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.ecs.SourceInputs;
import io.github.ecspreflight.ecs.TaskDefinitionQuery;
import io.github.ecspreflight.image.registry.SourceEnvironment;
import io.github.ecspreflight.report.GithubAnnotations;
import io.github.ecspreflight.report.LogReport;
import io.github.ecspreflight.report.ReportFormat;
import io.github.ecspreflight.run.PreflightRequest;
import io.github.ecspreflight.run.PreflightRunner;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.rtinfo.RuntimeInformation;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Checks that the built container image will start on Amazon ECS with the task definition it is deployed with, before
 * anything is pushed: the image's platform against the task's CPU architecture and OS; the entrypoint, its loader,
 * shared libraries, user, Java version, heap and health check inside the image; the logs an essential container's
 * exit would be seen in; the execution role's pull, secret and log permissions; and what ECS refuses to register.
 * Every finding is logged with its fix and written to target/ecs-preflight (report.json, report.sarif,
 * TEST-ecs-preflight.xml); errors fail the build once, with all of them. Rules: EP001 to EP404, each with its page
 * under docs/rules in the plugin's repository.
 */
@Mojo(name = "check", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true, requiresProject = false)
public class CheckMojo extends AbstractMojo {

    /** Read by hand: Maven cannot turn a command-line string into the pom's map. */
    static final String VARIABLES_PROPERTY = "ecsPreflight.variables";

    /** Skip the check (nothing is read or written). */
    @Parameter(property = "ecsPreflight.skip", defaultValue = "false")
    boolean skip;

    /**
     * The built image, transport-prefixed as skopeo writes it: {@code oci:DIR[:REF]}, {@code oci-archive:FILE[:REF]},
     * {@code docker-archive:FILE[:REF]}, {@code docker://HOST/REPO[:TAG][@DIGEST]}, {@code docker-daemon:NAME[:TAG]}.
     * Unset: found from the build (Jib's {@code target/jib-image.json} or {@code jib-image.tar}, spring-boot's
     * {@code build-image}, fabric8 docker-maven-plugin's images). {@code docker-daemon:} images are read with the
     * {@code docker} CLI, or the one {@code -DecsPreflight.dockerExecutable} names (e.g. {@code podman}).
     */
    @Parameter(property = "ecsPreflight.image")
    String image;

    /**
     * The task definition, a file or directory relative to the project: ECS task-definition JSON (register input or
     * {@code aws ecs describe-task-definition} output); a CloudFormation or CDK template (JSON, or YAML with short-form
     * tags) or a CDK {@code cdk.out} directory; a Terraform {@code .tf} file or module directory; a Terraform plan
     * ({@code terraform show -json plan.out}). Or live, as ECS runs it: {@code ecs:FAMILY[:REVISION]} or a
     * task-definition ARN. To let {@code -DecsPreflight.taskDefinition} override the pom, set it as a pom property
     * ({@code <ecsPreflight.taskDefinition>}) rather than here.
     */
    @Parameter(property = "ecsPreflight.taskDefinition")
    String taskDefinition;

    /** Which task definition when a source holds several: a Terraform address or a CloudFormation logical id. */
    @Parameter(property = "ecsPreflight.taskDefinitionResource")
    String taskDefinitionResource;

    /**
     * Inputs of the source, as its own deploy command takes them: Terraform {@code -var NAME=VALUE}, CloudFormation
     * {@code --parameter-overrides NAME=VALUE}. In the pom a map
     * ({@code <variables><cpu_architecture>ARM64</cpu_architecture></variables>}); on the command line
     * {@code -DecsPreflight.variables=NAME=VALUE,NAME=VALUE}, whose entries win over the pom's. Terraform also reads
     * {@code TF_VAR_NAME} from the environment, as Terraform does. Values are never printed.
     */
    @Parameter
    Map<String, String> variables;

    /**
     * Terraform {@code -var-file} files ({@code .tfvars}, {@code .tfvars.json}), comma-separated on the command line,
     * applied after the module's own {@code terraform.tfvars} and {@code *.auto.tfvars}.
     */
    @Parameter(property = "ecsPreflight.varFiles")
    List<String> varFiles;

    /** Live: the ECS cluster of {@code service}; for the EC2 launch type, its instances' architectures too. */
    @Parameter(property = "ecsPreflight.cluster")
    String cluster;

    /** Live: the ECS service whose task definition to check (with {@code cluster}). */
    @Parameter(property = "ecsPreflight.service")
    String service;

    /**
     * The container the image runs in. Default: the one whose {@code image} names the built repository, else the only
     * essential container.
     */
    @Parameter(property = "ecsPreflight.containerName")
    String containerName;

    /**
     * AWS region for live sources and IAM; default: the AWS SDK's own chain ({@code AWS_REGION}, the profile).
     * Endpoints follow the SDK's conventions ({@code AWS_ENDPOINT_URL}, {@code AWS_ENDPOINT_URL_ECS}, ...).
     */
    @Parameter(property = "ecsPreflight.region")
    String region;

    /** AWS profile of {@code ~/.aws/config} for live sources and ECR; default: the AWS SDK's own chain. */
    @Parameter(property = "ecsPreflight.profile")
    String profile;

    /**
     * Log drivers an essential container may use (EP102), e.g. {@code awslogs}, {@code awsfirelens},
     * {@code splunk}; in the pom a list ({@code <allowedLogDrivers><allowedLogDriver>awslogs</allowedLogDriver>
     * </allowedLogDrivers>}), on the command line comma-separated.
     */
    @Parameter(property = "ecsPreflight.allowedLogDrivers", defaultValue = "awslogs")
    List<String> allowedLogDrivers;

    /**
     * Follow the entrypoint into the image: its executable, loader and libraries and the classes it loads (EP004 to
     * EP006, EP008, EP009); {@code false} reports those as not run. The user and health-check rules (EP010, EP011)
     * still read the few files they need.
     */
    @Parameter(property = "ecsPreflight.checkEntrypoint", defaultValue = "true")
    boolean checkEntrypoint;

    /** Fail the build on warnings too (EP007, EP012, EP201, and EP105, EP301 and EP302 judged from static sources). */
    @Parameter(property = "ecsPreflight.failOnWarning", defaultValue = "false")
    boolean failOnWarning;

    /**
     * Fail the build on errors; {@code false} is report-only: the build passes, and every finding is still logged and
     * written to the reports.
     */
    @Parameter(property = "ecsPreflight.failOnError", defaultValue = "true")
    boolean failOnError = true;

    /**
     * Comma-separated rule ids not to run, e.g. {@code EP201,EP007}; the reports show them as skipped. Every failure
     * names the ids to put here.
     */
    @Parameter(property = "ecsPreflight.skipRules")
    String skipRules;

    /** Allow plain HTTP or unverified TLS registries (a local test registry); never needed for ECR. */
    @Parameter(property = "ecsPreflight.allowInsecureRegistries", defaultValue = "false")
    boolean allowInsecureRegistries;

    /**
     * Where registry layer blobs are kept by digest, so the next build downloads none. Default:
     * {@code $XDG_CACHE_HOME/ecs-preflight}, else {@code ~/.cache/ecs-preflight}. CI caches it between runs.
     */
    @Parameter(property = "ecsPreflight.cacheDirectory")
    File cacheDirectory;

    /** The container engine CLI for {@code docker-daemon:} images: {@code docker} (default), {@code podman}, or a path. */
    @Parameter(property = "ecsPreflight.dockerExecutable")
    String dockerExecutable;

    /** Where the reports are written ({@code ./target/ecs-preflight} with no pom); it holds only this run's files. */
    @Parameter(property = "ecsPreflight.reportDirectory", defaultValue = "${project.build.directory}/ecs-preflight")
    File reportDirectory;

    /**
     * Comma-separated report files to write: {@code json} ({@code report.json}), {@code sarif} ({@code report.sarif},
     * for GitHub code scanning), {@code junit} ({@code TEST-ecs-preflight.xml}, for GitLab and Jenkins).
     */
    @Parameter(property = "ecsPreflight.reportFormats", defaultValue = "json,sarif,junit")
    String reportFormats;

    @Parameter(defaultValue = "${project}", readonly = true)
    MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true)
    MavenSession session;

    @Component
    SettingsDecrypter settingsDecrypter;

    @Component
    RuntimeInformation runtime;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("ecs-preflight: skipped (ecsPreflight.skip)");
            return;
        }
        quietLibraryLoggers(System.getProperties());
        CheckResult result;
        PreflightRequest request = request();
        try {
            result = PreflightRunner.run(request);
        } catch (PreflightException e) {
            // Without its cause: Maven appends every cause's message to the one shown, and a library's message can
            // span lines or echo what it was sent (an AWS signature error repeats the session token).
            throw new MojoExecutionException(e.getMessage());
        } catch (StackOverflowError e) {
            // The last net: every evaluator has its own depth limit; an input that still nests too deep for the stack
            // is refused in one line, naming what was being read, never with a thousand-line trace.
            getLog().debug("ecs-preflight: the stack overflowed reading the input:", Messages.scrubbedTrace(e));
            throw new MojoExecutionException(Messages.printable("ecs-preflight: cannot check image " + request.image()
                    + " against " + request.taskDefinition().describe() + ": the input nests too deep to read (the "
                    + "stack overflowed); look for a reference, template or archive entry that refers to itself"));
        } catch (RuntimeException e) {
            // A bug, not bad input: one line for the build log, and the trace (messages scrubbed) for a bug report,
            // with -e or -X, never as the exception's cause (Maven would append its messages to the line).
            Throwable trace = Messages.scrubbedTrace(e);
            if (session != null
                    && session.getRequest() != null
                    && session.getRequest().isShowErrors()) {
                getLog().error("ecs-preflight: the unexpected failure, for a bug report:", trace);
            } else {
                getLog().debug("ecs-preflight: the unexpected failure, for a bug report:", trace);
            }
            throw new MojoExecutionException(Messages.printable("ecs-preflight: cannot check image " + request.image()
                    + " against " + request.taskDefinition().describe() + " (unexpected "
                    + e.getClass().getSimpleName() + "; run with -e for the stack trace to report)"));
        }
        for (Finding finding : result.findings()) {
            List<String> block = LogReport.block(finding, result.imageReference());
            block.forEach(finding.severity() == Severity.ERROR ? getLog()::error : getLog()::warn);
        }
        // GitHub Actions reads workflow commands only at a line's start: to the process's standard output, past both
        // Maven's log and Maven 4's System.out, which prefixes every line with [INFO] [stdout].
        GithubAnnotations.print(result, baseDirectory(), System.getenv(), ProcessOutput.stdout(mavenVersion()));
        // In a reactor (mvn -T) the modules' lines interleave: the summary names its module.
        String summary = "ecs-preflight " + LogReport.summary(result)
                + (project != null && project.getFile() != null ? " in module " + project.getArtifactId() : "");
        if (!result.failed()) {
            getLog().info(summary);
            return;
        }
        String reports = request.reportFormats().isEmpty()
                ? ""
                : " and " + request.reportDirectory().resolve(firstReport(request.reportFormats()));
        if (!failOnError) {
            getLog().warn(summary);
            getLog().warn("ecs-preflight: failOnError is false (report-only): the build passes; see the findings above"
                    + reports);
            return;
        }
        getLog().error(summary);
        List<String> errors = ids(result, Severity.ERROR);
        List<String> warnings = ids(result, Severity.WARNING);
        String failing = String.join(
                ",",
                java.util.stream.Stream.concat(errors.stream(), warnings.stream())
                        .toList());
        String why = errors.isEmpty()
                ? "failOnWarning is true and the check found warnings (" + String.join(",", warnings) + ")"
                : "the image would not run on ECS (" + String.join(",", errors) + ")"
                        + (warnings.isEmpty()
                                ? ""
                                : "; with failOnWarning, the warnings " + String.join(",", warnings) + " fail it too");
        throw new MojoFailureException("ecs-preflight: " + why + "; see the findings above" + reports
                + ". Apply each fix and run mvn verify again, or skip a rule deliberately with "
                + "-DecsPreflight.skipRules=" + failing);
    }

    /** The ids of the findings of one severity that fail the build, each once. */
    private static List<String> ids(CheckResult result, Severity severity) {
        return result.failing().stream()
                .filter(f -> f.severity() == severity)
                .map(f -> f.rule().id())
                .distinct()
                .toList();
    }

    private PreflightRequest request() throws MojoExecutionException {
        Path base = baseDirectory();
        String imageReference = image;
        if (imageReference == null || imageReference.isBlank()) {
            Path buildDirectory = interpolated(
                    project != null && project.getBuild() != null
                            ? project.getBuild().getDirectory()
                            : null,
                    base.resolve("target"));
            BuildImageDetector.Detected detected = BuildImageDetector.detect(
                            project,
                            session == null ? null : session.getUserProperties(),
                            session == null ? List.of() : session.getGoals(),
                            base,
                            buildDirectory)
                    .orElseThrow(() -> new MojoExecutionException("image: not set and no image found in the build ("
                            + BuildImageDetector.LOOKED_FOR + "); set ecsPreflight.image, e.g. "
                            + "-DecsPreflight.image=docker-archive:target/jib-image.tar"));
            Optional<String> stale = StaleImage.problem(
                    detected,
                    base,
                    buildDirectory,
                    project != null && project.getFile() != null
                            ? project.getFile().toPath()
                            : null,
                    session == null ? List.of() : session.getGoals(),
                    session == null
                                    || session.getRequest() == null
                                    || session.getRequest().getStartTime() == null
                            ? null
                            : session.getRequest().getStartTime().toInstant());
            if (stale.isPresent()) {
                throw new MojoExecutionException(stale.get());
            }
            getLog().info("ecs-preflight: checking " + detected.reference() + " (" + detected.how() + ")");
            imageReference = detected.reference();
        }
        CheckOptions options = new CheckOptions(
                blankToNull(containerName),
                new LinkedHashSet<>(
                        allowedLogDrivers == null || allowedLogDrivers.isEmpty()
                                ? List.of("awslogs")
                                : allowedLogDrivers),
                parseSkipRules(),
                checkEntrypoint,
                failOnWarning,
                BuildImageDetector.builderOf(project));
        MavenSessionSettings settings = new MavenSessionSettings(session, settingsDecrypter);
        BuildLog log = new MavenBuildLog(
                getLog(), MavenBuildLog.showsProgress(session, getLog()), ProcessOutput.stdout(mavenVersion()));
        return new PreflightRequest(
                imageReference,
                new TaskDefinitionQuery(
                        blankToNull(taskDefinition),
                        blankToNull(taskDefinitionResource),
                        blankToNull(cluster),
                        blankToNull(service),
                        sourceInputs()),
                base,
                reportDirectory(base),
                parseReportFormats(),
                settings.registries(allowInsecureRegistries),
                SourceEnvironment.fromSystem(
                        cacheDirectory == null ? null : base.resolve(cacheDirectory.toPath()),
                        blankToNull(dockerExecutable)),
                settings.aws(blankToNull(region), blankToNull(profile), log),
                options,
                log);
    }

    private static String firstReport(Set<ReportFormat> formats) {
        return Arrays.stream(ReportFormat.values())
                .filter(formats::contains)
                .findFirst()
                .orElseThrow()
                .fileName();
    }

    private Path reportDirectory(Path base) {
        return interpolated(
                reportDirectory == null ? null : reportDirectory.getPath(), base.resolve("target/ecs-preflight"));
    }

    /**
     * A path from the project model, or the fallback where Maven left it unset or uninterpolated: with no pom, Maven
     * 3.8's stub project keeps {@code ${project.basedir}/target} literally as its build directory.
     */
    private static Path interpolated(String path, Path fallback) {
        return path == null || path.contains("${") ? fallback : Path.of(path);
    }

    private Set<ReportFormat> parseReportFormats() throws MojoExecutionException {
        if (reportFormats != null && reportFormats.isBlank()) {
            throw new MojoExecutionException(
                    "reportFormats: empty, so no report would be written; name at least one of "
                            + "json, sarif, junit (-DecsPreflight.reportFormats=json)");
        }
        Set<ReportFormat> formats = EnumSet.noneOf(ReportFormat.class);
        for (String name : (reportFormats == null ? "json" : reportFormats).split("[,\\s]+")) {
            if (!name.isBlank()) {
                formats.add(ReportFormat.byName(name)
                        .orElseThrow(() -> new MojoExecutionException(
                                "reportFormats: " + "unknown format '" + name + "'; known: json, sarif, junit")));
            }
        }
        return formats;
    }

    /** {@code variables} from the pom, then the command line's; {@code varFiles}; the build's {@code TF_VAR_*}. */
    private SourceInputs sourceInputs() throws MojoExecutionException {
        Map<String, String> merged = new LinkedHashMap<>();
        if (variables != null) {
            variables.forEach((name, value) -> merged.put(name, value == null ? "" : value));
        }
        String commandLine = session == null
                ? null
                : session.getUserProperties()
                        .getProperty(
                                VARIABLES_PROPERTY,
                                session.getSystemProperties().getProperty(VARIABLES_PROPERTY));
        try {
            merged.putAll(SourceInputs.parseVariables(commandLine));
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("ecsPreflight.variables: " + e.getMessage()
                    + "; write NAME=VALUE,NAME=VALUE (e.g. -D" + VARIABLES_PROPERTY + "=cpu_architecture=ARM64)");
        }
        List<String> files = new ArrayList<>();
        if (varFiles != null) {
            for (String file : varFiles) {
                for (String name : file.split(",")) {
                    if (!name.isBlank()) {
                        files.add(name.trim());
                    }
                }
            }
        }
        return new SourceInputs(merged, files, SourceInputs.terraformEnvironment(System.getenv()));
    }

    private Set<Rule> parseSkipRules() throws MojoExecutionException {
        Set<Rule> rules = new LinkedHashSet<>();
        if (skipRules == null || skipRules.isBlank()) {
            return rules;
        }
        for (String id : skipRules.split("[,\\s]+")) {
            if (id.isBlank()) {
                continue;
            }
            rules.add(Rules.byId(id)
                    .orElseThrow(() -> new MojoExecutionException("skipRules: unknown rule id '" + id + "'; known: "
                            + Rules.all().stream().map(Rule::id).collect(Collectors.joining(", ")))));
        }
        return rules;
    }

    /** The running Maven's version; null outside a Maven build (unit tests). */
    private String mavenVersion() {
        return runtime == null ? null : runtime.getMavenVersion();
    }

    private Path baseDirectory() {
        return project != null && project.getBasedir() != null
                ? project.getBasedir().toPath()
                : Path.of("").toAbsolutePath();
    }

    /**
     * The libraries' own loggers whose debug output carries what must never be printed: the AWS SDK logs each signed
     * request (with {@code x-amz-security-token}) and raw service errors, and the HTTP clients log headers.
     */
    static final List<String> QUIET_LOGGERS = List.of(
            "software.amazon.awssdk", "com.google.cloud.tools.jib", "org.apache.http", "sun.net.www.protocol.http");

    /**
     * Keeps those loggers at WARN under {@code mvn -X}, as Maven's SLF4J logger reads a logger's level from these
     * system properties when the library creates it (after this). A level the user set is kept: that is the opt-in.
     */
    static void quietLibraryLoggers(java.util.Properties system) {
        for (String logger : QUIET_LOGGERS) {
            system.putIfAbsent("org.slf4j.simpleLogger.log." + logger, "warn");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
