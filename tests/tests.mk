# Unit tests (host, Check) and integration tests (QEMU); included by the
# top-level Makefile. Each part writes "passed failed" to a .result file and
# `make test` adds them up into the final "N passed, N failed" line.

HOST_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -I. -Itests/unit/fake_arch -Ilib -DHOST_TEST \
	-fsanitize=address,undefined -fno-omit-frame-pointer
HOST_LIBS    = $(shell pkg-config --libs check) -lfdt -pthread

# The core against the fake architecture (tests/unit/fake_arch/README.md):
# every arch-neutral source the target links (TANDEM_SRCS but the ports,
# el2/$(ARCH)/ and pv/$(ARCH)/), compiled for the host with the
# unit tests' flags. A core file that uses something of the port that
# el2/arch/*.h does not provide fails here. Host libc headers stand in for
# lib/include/ (no -Ilib/include): Tandem's freestanding string.h, stdlib.h
# and limits.h only declare what the C library declares. Everything but the
# entry point (el2/main.c), the paravirtual path (compiled only) and the
# C-library pieces the host has (el2/libc_glue.c, lib/string.c) goes into
# libcore.a, which the unit tests link: the real code, each object pulled
# in as the tests need it.
HOST_CORE_SRCS := $(filter-out el2/$(ARCH)/% pv/$(ARCH)/% %.S,$(TANDEM_SRCS))
HOST_CORE_OBJS := $(patsubst %.c,$(BUILD)/host-core/%.o,$(HOST_CORE_SRCS))
HOST_CORE_LIB  := $(BUILD)/host-core/libcore.a
HOST_CORE_LINKED := $(filter-out el2/main.c el2/libc_glue.c lib/string.c pv/%,$(HOST_CORE_SRCS))
FAKE_ARCH_OBJS := $(patsubst tests/unit/fake_arch/%.c,$(BUILD)/host-core/fake_arch/%.o,\
	$(wildcard tests/unit/fake_arch/*.c))

$(BUILD)/host-core/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $<"
	$(Q)$(HOSTCC) $(HOST_CFLAGS) $(TANDEM_DEFS) -MMD -MP -c $< -o $@
$(BUILD)/host-core/fake_arch/%.o: tests/unit/fake_arch/%.c
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $<"
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -MMD -MP -c $< -o $@
$(HOST_CORE_LIB): $(HOST_CORE_OBJS) $(FAKE_ARCH_OBJS)
	@rm -f $@
	$(Q)ar rcs $@ $(patsubst %.c,$(BUILD)/host-core/%.o,$(HOST_CORE_LINKED)) $(FAKE_ARCH_OBJS)
-include $(HOST_CORE_OBJS:.o=.d) $(FAKE_ARCH_OBJS:.o=.d)

core-host: $(HOST_CORE_LIB)

# Sources of the unit tests outside the core: the port's pure logic, the
# paravirtual path's; and the RTOS guest's, compiled apart: its
# console_init() is not Tandem's.
UNIT_UNDER_TEST := el2/arm64/esr.c el2/arm32/hsr.c pv/virq.c el2/arm64/sysreg_class.c el2/arm64/id_regs.c \
	stage1/short_desc.c
UNIT_RTOS_SRCS  := $(wildcard guests/rtos/kernel/*.c) guests/rtos/app/latency.c
UNIT_RTOS_OBJS  := $(patsubst %.c,$(BUILD)/tests/rtos/%.o,$(UNIT_RTOS_SRCS))
$(BUILD)/tests/rtos/%.o: %.c $(wildcard guests/rtos/kernel/*.h guests/rtos/app/*.h)
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $<"
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -Dconsole_init=rtos_console_init -c $< -o $@
UNIT_SRCS     := $(wildcard tests/unit/*.c)
UNIT_FIXTURES := $(patsubst tests/unit/fixtures/%.dts,$(BUILD)/tests/fixtures/%.dtb,$(wildcard tests/unit/fixtures/*.dts)) \
	$(patsubst tests/unit/fixtures/%.dtso,$(BUILD)/tests/fixtures/%.dtbo,$(wildcard tests/unit/fixtures/*.dtso))
UNIT_BIN      := $(BUILD)/tests/unit_tests

$(BUILD)/tests/fixtures/%.dtb: tests/unit/fixtures/%.dts
	@mkdir -p $(dir $@)
	dtc -q -I dts -O dtb -o $@ $<
$(BUILD)/tests/fixtures/%.dtbo: tests/unit/fixtures/%.dtso
	@mkdir -p $(dir $@)
	dtc -q -@ -I dts -O dtb -o $@ $<

# Debian's Cortex-A9 platform tree (guests/a9/platform-tree.mk): the unit
# tests parse the real one.
include guests/a9/platform-tree.mk

$(UNIT_BIN): $(UNIT_SRCS) $(UNIT_UNDER_TEST) $(wildcard tests/unit/*.h) $(UNIT_FIXTURES) $(HOST_CORE_LIB) \
		$(UNIT_RTOS_OBJS) $(A9_PLATFORM_DTB)
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -DFIXTURES='"$(BUILD)/tests/fixtures"' \
		-DA9_PLATFORM_DTB='"$(A9_PLATFORM_DTB)"' \
		-o $@ $(UNIT_SRCS) $(UNIT_UNDER_TEST) $(UNIT_RTOS_OBJS) $(HOST_CORE_LIB) $(HOST_LIBS)

$(UNIT_BIN): $(wildcard guests/rtos/kernel/*.h guests/rtos/app/latency.h) pv/args.h firmware/psci_args.h \
	vgic/lr.h vgic/sgi_v2.h stage1/short_desc.h

unit: $(UNIT_BIN)
	$(UNIT_BIN) $(BUILD)/tests/unit.result

integration: all linux-rt-guest firmware-guest board-image
	$(PYTHON) tests/integration/run.py --result $(BUILD)/tests/integration.result $(TESTS)

# Hostile guests (tests/hostile/README.md): an attacker VM beside the RTOS,
# one QEMU boot per case. HOSTILE_JOBS boots at once (every verdict is in
# -icount virtual time, so it does not depend on the host's speed).
HOSTILE_JOBS ?= 1
hostile: tandem guests
	$(PYTHON) tests/hostile/run.py -j $(HOSTILE_JOBS) --result $(BUILD)/tests/hostile.result $(HOSTILE_TESTS)

# Fuzzing (docs/fuzzing.md): one libFuzzer harness per piece of code that
# parses what a guest (or an overlay) controls, each compiled with ASan and
# UBSan against the same sources as the EL2 build:
#   overlay    tests/fuzz/fuzz_overlay.c    the overlay path (dt/)
#   virtqueue  tests/fuzz/fuzz_virtqueue.c  vchan/virtqueue.c, with a racing vCPU
#   ring       tests/fuzz/fuzz_ring.c       vchan/ring.c, with a racing vCPU
#   mmio       tests/fuzz/fuzz_mmio.c       el2/arm64/esr.c, el2/mmio.c
#   pv         tests/fuzz/fuzz_pv.c         pv/virq.c, pv/args.h, firmware/psci_args.h
#   cfi        tests/fuzz/fuzz_cfi.c        el2/cfi_flash.c (a firmware guest's flash commands)
#   console    tests/fuzz/fuzz_console.c    el2/esc_filter.c (a VM's output), el2/monitor_cmd.c
# `make test` runs each for a fixed, seeded number of inputs, one test per
# fuzzer; `make fuzz FUZZ_SECONDS=300` runs a campaign of that long per
# fuzzer (FUZZERS=virtqueue for one), keeping each corpus in
# build/tests/fuzz-corpus/<name>. A crash leaves crash-* in build/tests/ and
# the log in build/tests/fuzz-<name>.log. Seeds: tests/fuzz/corpus/<name>/,
# and for the overlay the fixtures' overlays and tests/fuzz/regressions/.
FUZZERS      ?= overlay virtqueue ring mmio pv cfi console
FUZZ_RUNS    ?=
FUZZ_SECONDS ?=
FUZZ_CC      := clang -std=gnu11 -O1 -g -Wall -Wextra -Werror -I. -Itests/unit/fake_arch -Ilib -DHOST_TEST \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined

FUZZ_SRCS_overlay   := dt/platform.c dt/vm_config.c dt/plan.c dt/vm_rules.c dt/channel_rules.c dt/guest_dt.c firmware/boot_image.c \
	dt/passthrough.c stage2/memmap.c lib/format.c
FUZZ_SRCS_virtqueue := vchan/virtqueue.c lib/format.c tests/fuzz/racer.c
FUZZ_SRCS_ring      := vchan/ring.c tests/fuzz/racer.c
FUZZ_SRCS_mmio      := el2/arm64/esr.c el2/mmio.c
FUZZ_SRCS_pv        := pv/virq.c
FUZZ_SRCS_cfi       := el2/cfi_flash.c
FUZZ_SRCS_console   := el2/esc_filter.c el2/monitor_cmd.c lib/format.c
FUZZ_DEPS_overlay   := $(wildcard dt/*.h stage2/*.h lib/*.h) $(UNIT_FIXTURES)
FUZZ_DEPS_virtqueue := vchan/virtqueue.h lib/guest_fetch.h lib/format.h
FUZZ_DEPS_ring      := vchan/ring.h vchan/ring_abi.h
FUZZ_DEPS_mmio      := el2/arm64/esr.h el2/mmio.h
FUZZ_DEPS_pv        := pv/virq.h pv/args.h pv/abi.h firmware/psci_args.h
FUZZ_DEPS_cfi       := el2/cfi_flash.h
FUZZ_DEPS_console   := el2/esc_filter.h el2/monitor_cmd.h
FUZZ_FLAGS_overlay  := -DFIXTURES='"$(abspath $(BUILD))/tests/fixtures"' -lfdt
# The racing vCPU (tests/fuzz/racer.c): a thread, a timer signal, and
# lib/guest_fetch.h's hook after each fetch.
FUZZ_FLAGS_virtqueue := -DGUEST_FETCH_HOOK=fuzz_guest_fetch_hook -pthread
FUZZ_FLAGS_ring     := -pthread
FUZZ_SEEDS_overlay  := $(BUILD)/tests/fixtures/*.dtbo tests/fuzz/regressions/*
$(foreach f,virtqueue ring mmio pv console,$(eval FUZZ_SEEDS_$(f) := $(wildcard tests/fuzz/corpus/$(f)/*)))
# Seeded runs in `make test`: 5-25 s each, about a minute for the five on
# the 2-core development machine.
FUZZ_RUNS_overlay   := 40000
FUZZ_RUNS_virtqueue := 60000
FUZZ_RUNS_ring      := 60000
FUZZ_RUNS_mmio      := 600000
FUZZ_RUNS_pv        := 300000
FUZZ_RUNS_cfi       := 4000
FUZZ_RUNS_console   := 300000

define FUZZER
$(BUILD)/tests/fuzz_$(1): tests/fuzz/fuzz_$(1).c $$(FUZZ_SRCS_$(1)) $$(FUZZ_DEPS_$(1)) \
		tests/fuzz/fuzz_input.h tests/fuzz/racer.h
	@mkdir -p $$(dir $$@)
	@echo "  FUZZCC  $$@"
	$$(Q)$$(FUZZ_CC) -o $$@ tests/fuzz/fuzz_$(1).c $$(FUZZ_SRCS_$(1)) $$(FUZZ_FLAGS_$(1))

# One test: passes if the fuzzer ran its inputs (or its time) without a crash.
fuzz-$(1): $(BUILD)/tests/fuzz_$(1)
	@mkdir -p $(BUILD)/tests/fuzz-corpus/$(1)
	$$(if $$(FUZZ_SEEDS_$(1)),@cp $$(FUZZ_SEEDS_$(1)) $(BUILD)/tests/fuzz-corpus/$(1)/)
	@rm -f $(BUILD)/tests/fuzz-$(1).result
	@cd $(BUILD)/tests && if $$(abspath $(BUILD)/tests/fuzz_$(1)) -seed=1 -max_len=4096 -timeout=10 \
		$$(if $$(FUZZ_SECONDS),-max_total_time=$$(FUZZ_SECONDS),-runs=$$(or $$(FUZZ_RUNS),$$(FUZZ_RUNS_$(1)))) \
		fuzz-corpus/$(1) >fuzz-$(1).log 2>&1; then \
		echo "fuzz: $(1) survived: $$$$(grep -E '^Done [0-9]+ runs' fuzz-$(1).log | tail -1)"; \
		echo "1 0" >fuzz-$(1).result; \
	else \
		tail -40 fuzz-$(1).log; echo "fuzz: $(1) FAILED (log: $(BUILD)/tests/fuzz-$(1).log)"; \
		echo "0 1" >fuzz-$(1).result; \
	fi
endef
$(foreach f,$(FUZZERS),$(eval $(call FUZZER,$(f))))

# All fuzzers, one after the other (two would share the machine's cores);
# fuzz.result adds up their tests. Fails if one failed.
fuzz:
	@rm -f $(BUILD)/tests/fuzz.result
	@for f in $(FUZZERS); do $(MAKE) --no-print-directory fuzz-$$f || \
		echo "0 1" >$(BUILD)/tests/fuzz-$$f.result; done
	@cat $(patsubst %,$(BUILD)/tests/fuzz-%.result,$(FUZZERS)) | \
		awk '{ p += $$1; f += $$2 } END { print p, f > "$(BUILD)/tests/fuzz.result"; exit f != 0 }'

# Structural checks, one test each: no architecture code outside the port
# folders (tools/check_arch_boundary.py).
checks:
	@mkdir -p $(BUILD)/tests
	@if $(PYTHON) tools/check_arch_boundary.py >&2; then echo "1 0"; else echo "0 1"; fi \
		>$(BUILD)/tests/checks.result
	@awk '{ exit $$2 != 0 }' $(BUILD)/tests/checks.result

# The README's test command: install what is missing, then build and run
# everything (a fresh make, so the freshly installed tools are found).
test: deps
	@rm -f $(BUILD)/tests/unit.result $(BUILD)/tests/integration.result $(BUILD)/tests/fuzz.result \
		$(BUILD)/tests/hostile.result $(BUILD)/tests/checks.result
	$(MAKE) --no-print-directory all $(UNIT_BIN)
	-$(MAKE) --no-print-directory checks
	-$(MAKE) --no-print-directory unit
	-$(MAKE) --no-print-directory fuzz
	-$(MAKE) --no-print-directory integration
	-$(MAKE) --no-print-directory hostile
	@$(PYTHON) tests/summary.py $(BUILD)/tests/checks.result $(BUILD)/tests/unit.result \
		$(BUILD)/tests/fuzz.result $(BUILD)/tests/integration.result $(BUILD)/tests/hostile.result

.PHONY: checks core-host unit integration hostile test fuzz $(addprefix fuzz-,$(FUZZERS))
