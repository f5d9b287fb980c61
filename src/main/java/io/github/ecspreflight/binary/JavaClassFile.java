package io.github.ecspreflight.binary;

/**
 * A Java class file (magic 0xCAFEBABE, then u2 minor_version, u2 major_version, JVMS 4.1). The kernel does not
 * run it; a JVM does ({@code java -cp ... Main}).
 */
public record JavaClassFile(int majorVersion, int minorVersion) implements ExecutableFormat {

    @Override
    public String description() {
        return "Java class file, version " + majorVersion + "." + minorVersion + " (" + javaRelease()
                + "), which needs a JVM: the kernel cannot execute it";
    }

    /** The Java release that introduced this major version: 45 is 1.1 (and 1.0), 52 is 8, 65 is 21. */
    public String javaRelease() {
        if (majorVersion < 49) {
            return "Java 1." + Math.max(1, majorVersion - 44);
        }
        return "Java " + (majorVersion - 44);
    }

    @Override
    public boolean recognisedByKernel() {
        return false;
    }
}
