package io.github.ecspreflight;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The lines the packages keep (see the README's architecture section): data flows one way, each package has one
 * concern, and the libraries that a build should not load for nothing stay behind one package each.
 */
@AnalyzeClasses(packages = "io.github.ecspreflight", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String PROJECT = "io.github.ecspreflight..";

    /** Every package is its own slice: no two of them, at any depth, may depend on each other in a circle. */
    @ArchTest
    static final ArchRule noPackageCycles =
            slices().matching("io.github.ecspreflight.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule mavenTypesOnlyInTheMavenPackage = noClasses()
            .that()
            .resideOutsideOfPackage("io.github.ecspreflight.maven")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "org.apache.maven..", "org.codehaus.plexus..", "org.eclipse.aether..", "org.sonatype.plexus..")
            .because("the core runs and is tested without Maven, as jib-core runs without jib-maven-plugin");

    @ArchTest
    static final ArchRule awsSdkTypesOnlyInTheAwsPackage = noClasses()
            .that()
            .resideOutsideOfPackage("io.github.ecspreflight.aws")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("software.amazon..")
            .because("a build with a local image and a JSON task definition must never load the AWS SDK");

    @ArchTest
    static final ArchRule jibCoreOnlyForRegistriesAndBuildDetection = noClasses()
            .that()
            .resideOutsideOfPackages("io.github.ecspreflight.image.registry", "io.github.ecspreflight.maven")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("com.google.cloud.tools.jib..")
            .because("jib-core is the registry client; local layouts need none of it");

    @ArchTest
    static final ArchRule hclImportsNothingOfTheProject = noClasses()
            .that()
            .resideInAPackage("io.github.ecspreflight.hcl..")
            .should()
            .dependOnClassesThat(resideInAPackage(PROJECT).and(not(resideInAPackage("io.github.ecspreflight.hcl.."))))
            .because("HCL is a language, not Terraform: no ECS, IAM or plugin type belongs in it");

    @ArchTest
    static final ArchRule binaryImportsNothingOfTheProject = noClasses()
            .that()
            .resideInAPackage("io.github.ecspreflight.binary..")
            .should()
            .dependOnClassesThat(
                    resideInAPackage(PROJECT).and(not(resideInAPackage("io.github.ecspreflight.binary.."))))
            .because("sniffing executables needs nothing but bytes");

    @ArchTest
    static final ArchRule iamIsTheEvidenceModelAndPolicyLogicOnly = noClasses()
            .that()
            .resideInAPackage("io.github.ecspreflight.iam..")
            .should()
            .dependOnClassesThat(resideInAPackage(PROJECT)
                    .and(not(resideInAnyPackage("io.github.ecspreflight.iam..", "io.github.ecspreflight.common.."))))
            .because("each source format reads its own IAM evidence into this model, never the other way round");

    @ArchTest
    static final ArchRule commonIsTheBottom = noClasses()
            .that()
            .resideInAPackage("io.github.ecspreflight.common..")
            .should()
            .dependOnClassesThat(
                    resideInAPackage(PROJECT).and(not(resideInAPackage("io.github.ecspreflight.common.."))));

    @ArchTest
    static final ArchRule reportsReadOnlyTheResult = noClasses()
            .that()
            .resideInAPackage("io.github.ecspreflight.report..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.github.ecspreflight.image.layout..",
                    "io.github.ecspreflight.image.fs..",
                    "io.github.ecspreflight.image.registry..",
                    "io.github.ecspreflight.ecs.sources..",
                    "io.github.ecspreflight.run..",
                    "io.github.ecspreflight.aws..")
            .because("the reports read the CheckResult and decide nothing again");

    @ArchTest
    static final ArchRule theRulesReadNoSourceFormat = noClasses()
            .that()
            .resideInAPackage("io.github.ecspreflight.check..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.github.ecspreflight.ecs.json..",
                    "io.github.ecspreflight.ecs.terraform..",
                    "io.github.ecspreflight.ecs.plan..",
                    "io.github.ecspreflight.ecs.cloudformation..",
                    "io.github.ecspreflight.ecs.live..",
                    "io.github.ecspreflight.ecs.sources..",
                    "io.github.ecspreflight.hcl..",
                    "io.github.ecspreflight.aws..",
                    "io.github.ecspreflight.image.registry..",
                    "io.github.ecspreflight.image.layout..")
            .because("a rule judges the model, whatever it was read from");
}
