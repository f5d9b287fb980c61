/*
 * A real dynamically linked program, kept tiny: no crt files (-nostartfiles), but it calls _exit from the
 * shared libc, so the linker records DT_NEEDED libc.so.6 and a PT_INTERP program header naming the
 * platform's dynamic loader (/lib64/ld-linux-x86-64.so.2, /lib/ld-linux-aarch64.so.1).
 */
#include <unistd.h>

void _start(void)
{
    _exit(0);
}
