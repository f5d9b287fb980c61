/*
 * The smallest useful static program: no libc, no crt files. The kernel jumps to _start, which makes
 * the exit(0) system call directly. Built with -nostdlib -static, the result has no PT_INTERP program
 * header, which is what "statically linked" means to the kernel's ELF loader.
 *
 * System call numbers and registers differ per architecture (see syscall(2), "Architecture calling conventions").
 */
void _start(void)
{
#if defined(__x86_64__)
    /* x86-64: number in rax (60 = exit), first argument in rdi, "syscall" instruction */
    __asm__ volatile("mov $60, %eax\n\txor %edi, %edi\n\tsyscall");
#elif defined(__aarch64__)
    /* arm64: number in x8 (93 = exit), first argument in x0, "svc #0" */
    __asm__ volatile("mov x8, #93\n\tmov x0, #0\n\tsvc #0");
#elif defined(__i386__)
    /* i386: number in eax (1 = exit), first argument in ebx, "int $0x80" */
    __asm__ volatile("mov $1, %eax\n\txor %ebx, %ebx\n\tint $0x80");
#else
#error "no exit system call written for this architecture"
#endif
    __builtin_unreachable();
}
