# Unit tests (host, Check) and integration tests (QEMU); included by the
# top-level Makefile. Each part writes "passed failed" to a .result file and
# `make test` adds them up into the final "N passed, N failed" line.

HOST_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -I. -Ilib -DHOST_TEST \
	-fsanitize=address,undefined -fno-omit-frame-pointer
HOST_LIBS    = $(shell pkg-config --libs check) -lfdt -pthread

# The pure-logic sources, built for the host exactly as they are for EL2.
UNIT_UNDER_TEST := stage2/lpae.c stage2/memmap.c el2/arm64/esr.c el2/mmio.c \
	dt/platform.c dt/vm_config.c dt/validate.c dt/guest_dt.c dt/passthrough.c vchan/ring.c vchan/virtqueue.c \
	firmware/boot_image.c vtimer/timer_math.c vgic/lr.c el2/sched_policy.c el2/pv_virq.c el2/restart_window.c el2/output_budget.c \
	el2/arm64/sysreg_class.c lib/format.c \
	$(wildcard guests/rtos/kernel/*.c) guests/rtos/app/latency.c
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

$(UNIT_BIN): $(UNIT_SRCS) $(UNIT_UNDER_TEST) $(wildcard tests/unit/*.h) $(UNIT_FIXTURES)
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -DFIXTURES='"$(BUILD)/tests/fixtures"' \
		-o $@ $(UNIT_SRCS) $(UNIT_UNDER_TEST) $(HOST_LIBS)

$(UNIT_BIN): $(wildcard guests/rtos/kernel/*.h guests/rtos/app/latency.h)

unit: $(UNIT_BIN)
	$(UNIT_BIN) $(BUILD)/tests/unit.result

integration: all linux-rt-guest
	$(PYTHON) tests/integration/run.py --result $(BUILD)/tests/integration.result $(TESTS)

# Hostile guests (tests/hostile/README.md): an attacker VM beside the RTOS,
# one QEMU boot per case. HOSTILE_JOBS boots at once (every verdict is in
# -icount virtual time, so it does not depend on the host's speed).
HOSTILE_JOBS ?= 1
hostile: tandem guests
	$(PYTHON) tests/hostile/run.py -j $(HOSTILE_JOBS) --result $(BUILD)/tests/hostile.result $(HOSTILE_TESTS)

# Fuzzing the overlay path (tests/fuzz/fuzz_overlay.c) with libFuzzer: the
# fixtures' overlays seed the corpus. `make test` runs a fixed, seeded number
# of inputs as one test; `make fuzz FUZZ_SECONDS=600` runs a campaign and keeps
# its corpus in build/tests/fuzz-corpus. A crash leaves crash-* in build/tests/.
FUZZ_BIN    := $(BUILD)/tests/fuzz_overlay
FUZZ_RUNS   ?= 40000
FUZZ_SECONDS ?=
FUZZ_SRCS   := tests/fuzz/fuzz_overlay.c dt/platform.c dt/vm_config.c dt/validate.c firmware/boot_image.c \
	dt/guest_dt.c dt/passthrough.c stage2/memmap.c lib/format.c

$(FUZZ_BIN): $(FUZZ_SRCS) $(wildcard dt/*.h stage2/*.h lib/*.h) $(UNIT_FIXTURES)
	@mkdir -p $(dir $@)
	@echo "  FUZZCC  $@"
	$(Q)clang -std=gnu11 -O1 -g -Wall -Wextra -Werror -I. -Ilib -DHOST_TEST \
		-DFIXTURES='"$(abspath $(BUILD))/tests/fixtures"' -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=undefined -o $@ $(FUZZ_SRCS) -lfdt

fuzz: $(FUZZ_BIN)
	@mkdir -p $(BUILD)/tests/fuzz-corpus
	@cp $(BUILD)/tests/fixtures/*.dtbo tests/fuzz/regressions/* $(BUILD)/tests/fuzz-corpus/
	@cd $(BUILD)/tests && if $(abspath $(FUZZ_BIN)) -seed=1 -max_len=4096 -timeout=10 \
		$(if $(FUZZ_SECONDS),-max_total_time=$(FUZZ_SECONDS),-runs=$(FUZZ_RUNS)) \
		fuzz-corpus >fuzz.log 2>&1; then \
		echo "fuzz: overlay path survived: $$(grep -E '^Done [0-9]+ runs' fuzz.log | tail -1)"; \
		echo "1 0" >fuzz.result; \
	else \
		tail -40 fuzz.log; echo "fuzz: FAILED (log: $(BUILD)/tests/fuzz.log)"; echo "0 1" >fuzz.result; \
	fi

# The README's test command: install what is missing, then build and run
# everything (a fresh make, so the freshly installed tools are found).
test: deps
	@rm -f $(BUILD)/tests/unit.result $(BUILD)/tests/integration.result $(BUILD)/tests/fuzz.result \
		$(BUILD)/tests/hostile.result
	$(MAKE) --no-print-directory all $(UNIT_BIN)
	-$(MAKE) --no-print-directory unit
	-$(MAKE) --no-print-directory fuzz
	-$(MAKE) --no-print-directory integration
	-$(MAKE) --no-print-directory hostile
	@$(PYTHON) tests/summary.py $(BUILD)/tests/unit.result $(BUILD)/tests/fuzz.result \
		$(BUILD)/tests/integration.result $(BUILD)/tests/hostile.result

.PHONY: unit integration hostile test fuzz
