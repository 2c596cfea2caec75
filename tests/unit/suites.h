/* Every unit-test suite; add a new one here and in its own test_*.c file. */
#ifndef TANDEM_TEST_SUITES_H
#define TANDEM_TEST_SUITES_H
#include <check.h>

Suite *lpae_suite(void);
Suite *short_desc_suite(void);
Suite *memmap_suite(void);
Suite *esr_suite(void);
Suite *hsr_suite(void);
Suite *mmio_suite(void);
Suite *vm_config_suite(void);
Suite *platform_suite(void);
Suite *platform_buses_suite(void);
Suite *validate_suite(void);
Suite *passthrough_suite(void);
Suite *channel_suite(void);
Suite *vq_race_suite(void);
Suite *vchan_pump_suite(void);
Suite *storm_bounds_suite(void);
Suite *monitor_cmd_suite(void);
Suite *esc_filter_suite(void);
Suite *guest_dt_suite(void);
Suite *boot_image_suite(void);
Suite *timer_suite(void);
Suite *format_suite(void);
Suite *lr_suite(void);
Suite *sgi_v2_suite(void);
Suite *sched_policy_suite(void);
Suite *pv_virq_suite(void);
Suite *pv_args_suite(void);
Suite *cfi_flash_suite(void);
Suite *rtos_sched_suite(void);
Suite *rtos_timer_suite(void);
Suite *rtos_sem_suite(void);
Suite *rtos_queue_suite(void);
Suite *rtos_latency_suite(void);
Suite *cpu_features_suite(void);
Suite *entropy_suite(void);
Suite *fake_arch_suite(void);
Suite *vgic_suite(void);
Suite *exit_suite(void);
Suite *sched_suite(void);
Suite *cow_span_suite(void);
Suite *gwdt_suite(void);

static Suite *(*const all_suites[])(void) = {
	lpae_suite,
	short_desc_suite,
	memmap_suite,
	esr_suite,
	hsr_suite,
	mmio_suite,
	vm_config_suite,
	platform_suite,
	platform_buses_suite,
	validate_suite,
	passthrough_suite,
	channel_suite,
	vq_race_suite,
	vchan_pump_suite,
	storm_bounds_suite,
	guest_dt_suite,
	boot_image_suite,
	timer_suite,
	format_suite,
	lr_suite,
	sgi_v2_suite,
	sched_policy_suite,
	pv_virq_suite,
	cfi_flash_suite,
	pv_args_suite,
	rtos_sched_suite,
	rtos_timer_suite,
	rtos_sem_suite,
	rtos_queue_suite,
	rtos_latency_suite,
	cpu_features_suite,
	entropy_suite,
	fake_arch_suite,
	vgic_suite,
	exit_suite,
	sched_suite,
	cow_span_suite,
	monitor_cmd_suite,
	esc_filter_suite,
	gwdt_suite,
};

#endif
