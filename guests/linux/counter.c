/* tandem-counter: prints the generic timer's virtual count and frequency,
 * "counter N frequency F", for the boot benchmark (Linux lets user space
 * read CNTVCT_EL0, and CNTVCT on ARMv7-A). A freestanding static program:
 * no C library. */
#include <stdint.h>

#if defined(__aarch64__)
static long sys_write(int fd, const void *buf, unsigned long n)
{
	register long x0 __asm__("x0") = fd;
	register long x1 __asm__("x1") = (long)buf;
	register long x2 __asm__("x2") = (long)n;
	register long x8 __asm__("x8") = 64;   /* write */

	__asm__ volatile("svc #0" : "+r"(x0) : "r"(x1), "r"(x2), "r"(x8) : "memory");
	return x0;
}

static void sys_exit(int code)
{
	register long x0 __asm__("x0") = code;
	register long x8 __asm__("x8") = 93;   /* exit */

	__asm__ volatile("svc #0" : : "r"(x0), "r"(x8) : "memory");
	for (;;)
		;
}

static void read_counter(uint64_t *count, uint64_t *freq)
{
	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(*count));
	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(*freq));
}
#elif defined(__arm__)
/* ARMv7-A (armhf, EABI): the number in r7, arguments in r0-r2. */
static long sys_write(int fd, const void *buf, unsigned long n)
{
	register long r0 __asm__("r0") = fd;
	register long r1 __asm__("r1") = (long)buf;
	register long r2 __asm__("r2") = (long)n;
	register long r7 __asm__("r7") = 4;    /* write */

	__asm__ volatile("svc #0" : "+r"(r0) : "r"(r1), "r"(r2), "r"(r7) : "memory");
	return r0;
}

static void sys_exit(int code)
{
	register long r0 __asm__("r0") = code;
	register long r7 __asm__("r7") = 1;    /* exit */

	__asm__ volatile("svc #0" : : "r"(r0), "r"(r7) : "memory");
	for (;;)
		;
}

/* CNTVCT (64-bit, MRRC) and CNTFRQ: Linux gives user space both. */
static void read_counter(uint64_t *count, uint64_t *freq)
{
	uint32_t f;

	__asm__ volatile("isb; mrrc p15, 1, %Q0, %R0, c14" : "=r"(*count));
	__asm__ volatile("mrc p15, 0, %0, c14, c0, 0" : "=r"(f));
	*freq = f;
}
#else
#error "tandem-counter: arm64 or ARMv7-A only"
#endif

static char *decimal(char *end, uint64_t v)
{
	do {
		*--end = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	return end;
}

void _start(void);
void _start(void)
{
	uint64_t count, freq;
	char buf[64], *p = buf;
	char num[24];

	read_counter(&count, &freq);
	for (const char *s = "counter "; *s; s++)
		*p++ = *s;
	for (char *d = decimal(num + sizeof(num), count); d < num + sizeof(num); d++)
		*p++ = *d;
	for (const char *s = " frequency "; *s; s++)
		*p++ = *s;
	for (char *d = decimal(num + sizeof(num), freq); d < num + sizeof(num); d++)
		*p++ = *d;
	*p++ = '\n';
	sys_write(1, buf, (unsigned long)(p - buf));
	sys_exit(0);
}
