/* printf-style formatting into a buffer, for Tandem's console and the guests. */
#ifndef TANDEM_FORMAT_H
#define TANDEM_FORMAT_H
#include <stdarg.h>
#include <stddef.h>

/* Supports %d %i %u %x %X %p %s %c %% with flags '0' '-', a width and the
 * length modifiers l, ll and z. Always NUL-terminates when size > 0; returns
 * the length the full output would have had. */
int vsnformat(char *buf, size_t size, const char *fmt, va_list ap);
int snformat(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
