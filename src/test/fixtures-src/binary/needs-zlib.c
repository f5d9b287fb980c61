/* A program that needs a shared library besides libc: the EP009 fixture. */
#include <stdio.h>
#include <zlib.h>

int main(void) {
    printf("zlib %s\n", zlibVersion());
    return 0;
}
