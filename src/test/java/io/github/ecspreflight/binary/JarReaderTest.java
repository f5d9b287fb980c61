package io.github.ecspreflight.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jars written by the JDK's jar tool and in Spring Boot's layout, read as a JVM starting from them would. */
class JarReaderTest {

    @TempDir
    Path work;

    private static JarContents read(byte[] jar) throws Exception {
        return JarReader.read(new SeekableInMemoryByteChannel(jar));
    }

    @Test
    void aJarToolJarGivesItsMainClassClassPathAndNewestClass() throws Exception {
        byte[] jar = TestJars.jar(
                work,
                Map.of("Main-Class", "com.example.App", "Class-Path", "lib/a.jar  lib/b.jar"),
                Map.of(
                        "com/example/App.class", TestJars.compile(work, "com.example.App", 17),
                        "com/example/Util.class", TestJars.compile(work, "com.example.Util", 21),
                        "com/example/Old.class", TestJars.compile(work, "com.example.Old", 11)));

        JarContents contents = read(jar);

        assertThat(contents.mainClass()).isEqualTo("com.example.App");
        assertThat(contents.startClass()).isNull();
        assertThat(contents.classPath()).containsExactly("lib/a.jar", "lib/b.jar");
        assertThat(contents.classes()).isEqualTo(3);
        assertThat(contents.newest().entry()).isEqualTo("com/example/Util.class");
        assertThat(contents.newest().majorVersion()).isEqualTo(65);
        assertThat(contents.newest().javaRelease()).isEqualTo(21);
    }

    @Test
    void aMultiReleaseJarCountsByItsBaseEntriesAndModuleInfoDoesNotCount() throws Exception {
        byte[] jar = TestJars.zip(Map.of(
                "META-INF/MANIFEST.MF", "Manifest-Version: 1.0\nMulti-Release: true\n".getBytes(),
                "com/example/Lib.class", TestJars.compile(work, "com.example.Lib", 11),
                "META-INF/versions/21/com/example/Lib.class", TestJars.compile(work, "com.example.Lib", 21),
                "META-INF/versions/9/module-info.class", TestJars.compile(work, "com.example.M9", 9),
                "module-info.class", TestJars.compile(work, "com.example.Mod", 21)));

        JarContents contents = read(jar);

        assertThat(contents.classes()).isEqualTo(1);
        assertThat(contents.newest().entry()).isEqualTo("com/example/Lib.class");
        assertThat(contents.newest().javaRelease()).isEqualTo(11);
    }

    @Test
    void aSpringBootJarGivesStartClassItsClassesAndItsStoredLibraries() throws Exception {
        byte[] lib = TestJars.jar(
                work, Map.of(), Map.of("org/lib/Feature.class", TestJars.compile(work, "org.lib.Feature", 21)));
        byte[] jar = TestJars.springBootJar(
                "com.example.App",
                Map.of("com/example/App.class", TestJars.compile(work, "com.example.App", 17)),
                Map.of("feature-2.0.jar", lib, "broken.jar", "not a jar".getBytes()));

        JarContents contents = read(jar);

        assertThat(contents.mainClass()).isEqualTo("org.springframework.boot.loader.launch.JarLauncher");
        assertThat(contents.startClass()).isEqualTo("com.example.App");
        assertThat(contents.newest().entry()).isEqualTo("BOOT-INF/classes/com/example/App.class");
        assertThat(contents.nested()).hasSize(2);
        JarContents.Nested feature = contents.nested().stream()
                .filter(n -> n.entry().equals("BOOT-INF/lib/feature-2.0.jar"))
                .findFirst()
                .orElseThrow();
        assertThat(feature.contents().newest().entry()).isEqualTo("org/lib/Feature.class");
        assertThat(feature.contents().newest().javaRelease()).isEqualTo(21);
        JarContents.Nested broken = contents.nested().stream()
                .filter(n -> n.entry().equals("BOOT-INF/lib/broken.jar"))
                .findFirst()
                .orElseThrow();
        assertThat(broken.contents()).isNull();
        assertThat(broken.problem()).startsWith("not a readable jar");
    }

    @Test
    void aDeflatedNestedJarIsInflatedAndRead() throws Exception {
        byte[] lib = TestJars.jar(
                work, Map.of(), Map.of("org/lib/Feature.class", TestJars.compile(work, "org.lib.Feature", 19)));
        JarContents contents = read(TestJars.zip(Map.of("WEB-INF/lib/feature.jar", lib)));

        assertThat(contents.newest()).isNull();
        assertThat(contents.nested())
                .singleElement()
                .satisfies(n -> assertThat(n.contents().newest().javaRelease()).isEqualTo(19));
    }

    @Test
    void bytesThatAreNoJarAreUnreadableWithTheCause() {
        assertThatThrownBy(() -> read("#!/bin/sh\necho hello\n".getBytes()))
                .isInstanceOf(UnreadableJarException.class)
                .hasMessageStartingWith("not a readable jar (");
    }

    @Test
    void aClassEntryThatIsNoClassFileIsNotCounted() throws Exception {
        byte[] jar = TestJars.jar(work, Map.of(), Map.of("com/example/Fake.class", "hello".getBytes()));

        JarContents contents = read(jar);

        assertThat(contents.classes()).isZero();
        assertThat(contents.newest()).isNull();
    }
}
