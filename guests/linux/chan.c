/* tandem-chan: measures the channel to the RTOS from Linux user space
 * (docs/channels.md, docs/benchmarks.md). On /dev/hvc0 (the emulated
 * virtio-console), raw:
 *   1. round trips: N requests "REQ i add i 1" one at a time, each answer
 *      checked ("RSP i i+1"), the time of each from write to the answer's
 *      newline in counter ticks (CNTVCT);
 *   2. a stream: M echo requests of a 64-byte payload written as fast as the
 *      channel takes them while the answers are read, every answer checked.
 * Prints "chan: rtt N min A mean B max C ticks" and "chan: stream M
 * messages P payload bytes each way T ticks", then "chan: errors E", and
 * exits 0 only without errors. Arguments: N M (default 1000 2000).
 * Freestanding (no C library), as tandem-counter; arm64 or ARMv7-A. */
#include <stdint.h>

#define AT_FDCWD   (-100)
#define O_RDWR     2
#define O_NONBLOCK 04000
#define TCGETS     0x5401
#define TCSETS     0x5402
#define EAGAIN     11
#define PAYLOAD    64

struct termios {
	uint32_t c_iflag, c_oflag, c_cflag, c_lflag;
	uint8_t c_line, c_cc[19];
};

#if defined(__aarch64__)
static long syscall4(long nr, long a, long b, long c, long d)
{
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;
	register long x3 __asm__("x3") = d;
	register long x8 __asm__("x8") = nr;

	__asm__ volatile("svc #0" : "+r"(x0) : "r"(x1), "r"(x2), "r"(x3), "r"(x8) : "memory");
	return x0;
}

#define sys_openat(p, f) syscall4(56, AT_FDCWD, (long)(p), (f), 0)
#define sys_read(fd, b, n) syscall4(63, (fd), (long)(b), (long)(n), 0)
#define sys_write(fd, b, n) syscall4(64, (fd), (long)(b), (long)(n), 0)
#define sys_ioctl(fd, r, a) syscall4(29, (fd), (r), (long)(a), 0)
#define sys_exit(c) syscall4(93, (c), 0, 0, 0)

static uint64_t now(void)
{
	uint64_t v;

	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(v));
	return v;
}
#elif defined(__arm__)
/* ARMv7-A (armhf, EABI): the number in r7, arguments in r0-r3. */
static long syscall4(long nr, long a, long b, long c, long d)
{
	register long r0 __asm__("r0") = a;
	register long r1 __asm__("r1") = b;
	register long r2 __asm__("r2") = c;
	register long r3 __asm__("r3") = d;
	register long r7 __asm__("r7") = nr;

	__asm__ volatile("svc #0" : "+r"(r0) : "r"(r1), "r"(r2), "r"(r3), "r"(r7) : "memory");
	return r0;
}

#define sys_openat(p, f) syscall4(322, AT_FDCWD, (long)(p), (f), 0)
#define sys_read(fd, b, n) syscall4(3, (fd), (long)(b), (long)(n), 0)
#define sys_write(fd, b, n) syscall4(4, (fd), (long)(b), (long)(n), 0)
#define sys_ioctl(fd, r, a) syscall4(54, (fd), (r), (long)(a), 0)
#define sys_exit(c) syscall4(1, (c), 0, 0, 0)

static uint64_t now(void)
{
	uint64_t v;

	__asm__ volatile("isb; mrrc p15, 1, %Q0, %R0, c14" : "=r"(v));   /* CNTVCT */
	return v;
}

/* libgcc's divisions call these on a zero divisor (never here: rtt() runs
 * with n > 0); its own versions would pull in raise() from a C library. */
int __aeabi_idiv0(int r);
int __aeabi_idiv0(int r)
{
	return r;
}

long long __aeabi_ldiv0(long long r);
long long __aeabi_ldiv0(long long r)
{
	return r;
}
#else
#error "tandem-chan: arm64 or ARMv7-A only"
#endif

/* ------------------------------------------------------------ text */
static char obuf[256];
static int olen;

static void put(const char *s)
{
	while (*s && olen < (int)sizeof(obuf))
		obuf[olen++] = *s++;
}

static void put_u(uint64_t v)
{
	char num[24], *p = num + sizeof(num);

	*--p = 0;
	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	put(p);
}

static void flush(void)
{
	sys_write(1, obuf, olen);
	olen = 0;
}

static char *fmt_u(char *p, uint64_t v)
{
	char num[24];
	int n = 0;

	do {
		num[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		*p++ = num[--n];
	return p;
}

static uint64_t parse_u(const char *s)
{
	uint64_t v = 0;

	while (*s >= '0' && *s <= '9')
		v = v * 10 + (uint64_t)(*s++ - '0');
	return v;
}

static int same(const char *a, const char *b, int n)
{
	for (int i = 0; i < n; i++)
		if (a[i] != b[i])
			return 0;
	return 1;
}

/* ------------------------------------------------------------ the channel */
static int fd;
static char in[8192];
static int in_len;

/* Reads one line (without '\n') into line; blocking. Returns its length. */
static int read_line(char *line, int max)
{
	for (;;) {
		for (int i = 0; i < in_len; i++) {
			if (in[i] != '\n')
				continue;
			int n = i < max ? i : max;

			for (int k = 0; k < n; k++)
				line[k] = in[k];
			for (int k = i + 1; k < in_len; k++)
				in[k - i - 1] = in[k];
			in_len -= i + 1;
			return n;
		}
		long r = sys_read(fd, in + in_len, (long)sizeof(in) - in_len);

		if (r <= 0)
			return -1;
		in_len += (int)r;
	}
}

static void write_all(const char *p, long n)
{
	while (n > 0) {
		long r = sys_write(fd, p, n);

		if (r <= 0)
			continue;
		p += r;
		n -= r;
	}
}

static uint64_t errors;

static void rtt(uint64_t n)
{
	uint64_t lo = ~0ull, hi = 0, sum = 0;
	char req[64], line[128], want[64];

	for (uint64_t i = 1; i <= n; i++) {
		char *p = req, *w = want;

		for (const char *s = "REQ "; *s; s++)
			*p++ = *s;
		p = fmt_u(p, i);
		for (const char *s = " add "; *s; s++)
			*p++ = *s;
		p = fmt_u(p, i);
		for (const char *s = " 1\n"; *s; s++)
			*p++ = *s;
		for (const char *s = "RSP "; *s; s++)
			*w++ = *s;
		w = fmt_u(w, i);
		*w++ = ' ';
		w = fmt_u(w, i + 1);

		uint64_t t0 = now();
		write_all(req, p - req);
		int len = read_line(line, sizeof(line));
		uint64_t dt = now() - t0;

		if (len != w - want || !same(line, want, len))
			errors++;
		lo = dt < lo ? dt : lo;
		hi = dt > hi ? dt : hi;
		sum += dt;
	}
	put("chan: rtt ");
	put_u(n);
	put(" min ");
	put_u(lo);
	put(" mean ");
	put_u(sum / n);
	put(" max ");
	put_u(hi);
	put(" ticks\n");
	flush();
}

static void stream(uint64_t m)
{
	static char burst[128 * 100];
	char line[256];
	uint64_t sent = 0, got = 0, t0 = now();

	while (got < m) {
		/* Keep up to 32 requests in flight: the channel's buffers, not the
		 * round trip, set the pace. */
		int k = 0;
		char *p = burst;

		while (sent < m && sent - got < 32 && k < 100) {
			for (const char *s = "REQ "; *s; s++)
				*p++ = *s;
			p = fmt_u(p, sent);
			for (const char *s = " echo "; *s; s++)
				*p++ = *s;
			for (int i = 0; i < PAYLOAD; i++)
				*p++ = (char)('a' + (sent + (uint64_t)i) % 26);
			*p++ = '\n';
			sent++;
			k++;
		}
		if (k)
			write_all(burst, p - burst);
		int len = read_line(line, sizeof(line));
		int ok = len > PAYLOAD + 5 && same(line, "RSP ", 4);

		if (ok) {
			char *q = line + 4;
			uint64_t id = parse_u(q);

			while (*q != ' ' && q < line + len)
				q++;
			q++;
			ok = id == got && line + len - q == PAYLOAD;
			for (int i = 0; ok && i < PAYLOAD; i++)
				ok = q[i] == (char)('a' + (id + (uint64_t)i) % 26);
		}
		errors += !ok;
		got++;
	}
	put("chan: stream ");
	put_u(m);
	put(" messages ");
	put_u(PAYLOAD);
	put(" payload bytes each way ");
	put_u(now() - t0);
	put(" ticks\n");
	flush();
}

void _start_c(long *sp);
void _start_c(long *sp)
{
	long argc = sp[0];
	char **argv = (char **)(sp + 1);
	uint64_t n = argc > 1 ? parse_u(argv[1]) : 1000, m = argc > 2 ? parse_u(argv[2]) : 2000;
	struct termios t;

	fd = (int)sys_openat("/dev/hvc0", O_RDWR);
	if (fd < 0 || sys_ioctl(fd, TCGETS, &t)) {
		put("chan: cannot open /dev/hvc0\n");
		flush();
		sys_exit(2);
	}
	/* cfmakeraw(): no echo, no line editing, no CR/LF translation. */
	t.c_iflag &= ~(uint32_t)(01 | 02 | 010 | 040 | 0100 | 0200 | 0400 | 02000);
	t.c_oflag &= ~(uint32_t)01;
	t.c_lflag &= ~(uint32_t)(010 | 0100 | 02 | 01 | 0100000);
	t.c_cflag = (t.c_cflag & ~(uint32_t)(060 | 0400)) | 060;
	t.c_cc[6] = 1;   /* VMIN */
	t.c_cc[5] = 0;   /* VTIME */
	sys_ioctl(fd, TCSETS, &t);
	if (n)
		rtt(n);
	if (m)
		stream(m);
	put("chan: errors ");
	put_u(errors);
	put("\n");
	flush();
	sys_exit(errors ? 1 : 0);
}

#if defined(__aarch64__)
__asm__(".global _start\n_start:\n\tmov x0, sp\n\tbl _start_c\n");
#else
__asm__(".global _start\n_start:\n\tmov r0, sp\n\tbl _start_c\n");
#endif
