/* The one stdlib function libfdt needs, for freestanding images. */
#ifndef TANDEM_STDLIB_H
#define TANDEM_STDLIB_H
#include <stddef.h>

unsigned long strtoul(const char *s, char **end, int base);

#endif
