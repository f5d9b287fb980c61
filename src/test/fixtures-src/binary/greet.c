/* A shared library an application ships beside its binary: libgreet.so. */
int greet(void) { return 0; }
