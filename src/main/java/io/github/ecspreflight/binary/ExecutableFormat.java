package io.github.ecspreflight.binary;

/**
 * What the Linux kernel makes of a file at {@code execve(2)}, as found by {@link ExecutableSniffer}.
 * Test the concrete type with {@code instanceof}:
 * <ul>
 *   <li>{@link ElfExecutable}: an ELF file; {@link ElfExecutable#runsOn} tells whether a host runs it;</li>
 *   <li>{@link TruncatedElf}: ELF magic, but headers the kernel cannot load;</li>
 *   <li>{@link ShebangScript}: a {@code #!} script; the kernel then executes its interpreter;</li>
 *   <li>{@link MachOBinary}, {@link PeExecutable}, {@link JavaClassFile}: executables of other systems;</li>
 *   <li>{@link NotExecutable}: anything else.</li>
 * </ul>
 * Only an ELF or a {@code #!} script can start a container's process: runc execs the entrypoint with
 * {@code execve}, not through a shell, so a file in any other format fails with ENOEXEC
 * ("exec format error").
 */
public sealed interface ExecutableFormat
        permits ElfExecutable, TruncatedElf, ShebangScript, MachOBinary, PeExecutable, JavaClassFile, NotExecutable {

    /** One line for messages, e.g. "ELF 64-bit LSB executable, x86-64 (amd64), statically linked". */
    String description();

    /**
     * Whether one of the kernel's standard loaders (binfmt_elf, binfmt_script) accepts the file's format:
     * an ELF executable or shared object with loadable headers, or a {@code #!} line naming an interpreter.
     * True does not mean the file runs: the CPU architecture ({@link ElfExecutable#runsOn}) and the
     * presence of the ELF or script interpreter in the image are separate checks.
     */
    boolean recognisedByKernel();
}
