/* bootarg ext=SEED (1-255): the vector and key state of a vCPU is its own.
 * Shows what the ID registers advertise; on a core with SVE and pointer
 * authentication, checks that its first SVE use finds no one else's
 * predicates or upper vector bits and that its keys start at zero, then
 * fills every Z, P, FFR, ZCR_EL1 and key with values of its own and checks,
 * across sleeps that let a VM sharing its core run, that they stay its own
 * and that a PACGA gives the same MAC. */
#include "guests/test/guest.h"

#define MAX_VL 256   /* bytes: the architecture's largest vector */
#define ROUNDS 12

void ext_sve_store(uint8_t *z, uint8_t *p);
void ext_sve_fill(uint64_t seed, const uint8_t *p);
uint64_t ext_sve_vl(void);
void ext_zcr_write(uint64_t v);
void ext_keys_read(uint64_t k[10]);
void ext_keys_write(const uint64_t k[10]);
uint64_t ext_pacga(uint64_t value, uint64_t modifier);

static uint8_t zbuf[32 * MAX_VL], pbuf[17 * MAX_VL / 8], pwant[17 * MAX_VL / 8];

static bool fresh_state_is_zero(uint64_t vl)
{
	bool ok = true;

	ext_sve_store(zbuf, pbuf);
	for (unsigned int i = 0; i < 17 * vl / 8; i++)
		ok &= pbuf[i] == 0;
	for (unsigned int n = 0; n < 32; n++)
		for (unsigned int b = 16; b < vl; b++)
			ok &= zbuf[n * vl + b] == 0;
	return ok;
}

static bool vector_state_intact(uint64_t seed, uint64_t vl)
{
	ext_sve_store(zbuf, pbuf);
	for (unsigned int n = 0; n < 32; n++)
		for (unsigned int i = 0; i < vl / 8; i++) {
			uint64_t lane;

			__builtin_memcpy(&lane, &zbuf[n * vl + i * 8], 8);
			if (lane != (seed << 32 | (uint64_t)n << 16 | i))
				return false;
		}
	for (unsigned int i = 0; i < 17 * vl / 8; i++)
		if (pbuf[i] != pwant[i])
			return false;
	return true;
}

void ext_state_test(unsigned long seed)
{
	uint64_t pfr0 = read_sysreg(id_aa64pfr0_el1), isar1 = read_sysreg(id_aa64isar1_el1);
	bool sve = (pfr0 >> 32) & 0xf, pauth = isar1 & ((0xfull << 4) | (0xfull << 24));
	uint64_t keys[10], want[10];

	uint64_t pfr1 = read_sysreg(id_aa64pfr1_el1), dfr0 = read_sysreg(id_aa64dfr0_el1);

	say("ext: SVE %s, pointer authentication %s (ID_AA64PFR0 0x%llx, ID_AA64ISAR1 0x%llx)",
	    sve ? "yes" : "no", pauth ? "yes" : "no", (unsigned long long)pfr0,
	    (unsigned long long)isar1);
	say("ext: SME %s, MTE %s, PMU %s, EL2 %s", (pfr1 >> 24) & 0xf ? "shown" : "hidden",
	    (pfr1 >> 8) & 0xf ? "shown" : "hidden", (dfr0 >> 8) & 0xf ? "shown" : "hidden",
	    (pfr0 >> 8) & 0xf ? "shown" : "hidden");
	if (!sve || !pauth)
		return;
	write_sysreg(cpacr_el1, (3ull << 20) | (3ull << 16));   /* FPEN, ZEN */
	isb();
	/* Its own vector length: 256 bits for odd seeds, 512 for even ones. */
	ext_zcr_write(seed & 1 ? 1 : 3);
	uint64_t vl = ext_sve_vl();

	say("ext: vector length %llu bits; fresh predicates, FFR and upper vector bits %s",
	    (unsigned long long)vl * 8, fresh_state_is_zero(vl) ? "zero" : "NOT ZERO");
	ext_keys_read(keys);
	bool zero = true;

	for (unsigned int i = 0; i < 10; i++)
		zero &= keys[i] == 0;
	say("ext: keys at first read %s", zero ? "zero" : "NOT ZERO");

	for (unsigned int i = 0; i < 10; i++)
		want[i] = seed * 0x0101010101010101ull ^ (i + 1) * 0x9e3779b97f4a7c15ull;
	ext_keys_write(want);
	for (unsigned int i = 0; i < 17 * vl / 8; i++)   /* FFR monotonic: seed bits set */
		pwant[i] = i < 16 * vl / 8 ? (uint8_t)(seed * 29 + i * 7) :
			   (uint8_t)((i - 16 * vl / 8) * 8 + 8 <= seed ? 0xff : 0);
	ext_sve_fill(seed, pwant);
	uint64_t mac = ext_pacga(0x1234, 0x5678);

	say("ext: state filled, PACGA 0x%llx", (unsigned long long)mac);
	unsigned int bad = 0;

	for (unsigned int r = 1; r <= ROUNDS; r++) {
		sleep_ticks(ms_ticks(3));
		/* After a switch the first use traps: a PAC instruction on odd
		 * rounds, a key read on even ones, an SVE instruction in each. */
		bool mac_ok = r % 2 ? ext_pacga(0x1234, 0x5678) == mac : true;
		bool keys_ok = true;

		ext_keys_read(keys);
		for (unsigned int i = 0; i < 10; i++)
			keys_ok &= keys[i] == want[i];
		bool ok = keys_ok && mac_ok && ext_sve_vl() == vl && vector_state_intact(seed, vl) &&
			  ext_pacga(0x1234, 0x5678) == mac;

		bad += !ok;
		say("ext: round %u: state %s (keys %s, VL %llu)", r, ok ? "intact" : "CHANGED",
		    keys_ok ? "same" : "changed", (unsigned long long)ext_sve_vl() * 8);
	}
	say("ext: %u rounds, state %s", ROUNDS, bad ? "CHANGED" : "intact");
}
