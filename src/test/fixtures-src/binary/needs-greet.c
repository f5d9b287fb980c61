/* A program linked against musl's libc and libgreet.so (see make-fixtures.sh): DT_NEEDED libgreet.so, libc.so. */
int greet(void);
int main(void) { return greet(); }
