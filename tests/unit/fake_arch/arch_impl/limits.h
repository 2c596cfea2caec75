/* Host for el2/arch/limits.h: arm64's values (tests/unit/test_fake_arch.c
 * checks that they are the same), so that the configuration checks the
 * host tests run are the ones the target runs. Only what el2/arch/limits.h
 * documents: a core file that uses more of arm64 fails to build here. */
#ifndef TANDEM_FAKE_LIMITS_H
#define TANDEM_FAKE_LIMITS_H

#define TANDEM_MAX_CPUS      8
#define TANDEM_STACK_SIZE    (16 * 1024)
#define TANDEM_GUARD_SIZE    4096
#define TANDEM_RESERVED_SIZE (8 * 1024 * 1024)
#define ARCH_IPA_BITS        39

#endif
