"""The benchmarks' like-for-like checker (tests/bench/like_for_like.py): its
pure parts, without QEMU (dtc compiles the small trees it reads). One
scenario, each check one test, so `make test` counts them."""
import os
import subprocess
import sys
import tempfile

from harness import CheckFailed, ROOT, scenario

sys.path.insert(0, os.path.join(ROOT, "tests", "bench"))
import like_for_like as lfl  # noqa: E402

NATIVE_DTS = """/dts-v1/;
/ {
	#address-cells = <2>; #size-cells = <2>;
	chosen { bootargs = "x"; rng-seed = [01 02]; kaslr-seed = [03 04 05 06 07 08 09 0a]; };
	cpus { #address-cells = <1>; #size-cells = <0>;
		cpu@0 { device_type = "cpu"; compatible = "arm,cortex-a57"; reg = <0>; }; };
	memory@40000000 { device_type = "memory"; reg = <0 0x40000000 0 0x10000000>; };
	pl011@9000000 { compatible = "arm,pl011", "arm,primecell"; reg = <0 0x9000000 0 0x1000>; };
	pl031@9010000 { compatible = "arm,pl031", "arm,primecell"; reg = <0 0x9010000 0 0x1000>; };
	intc@8000000 { compatible = "arm,gic-v3"; reg = <0 0x8000000 0 0x10000>;
		#address-cells = <2>; #size-cells = <2>; ranges;
		its@8080000 { compatible = "arm,gic-v3-its"; reg = <0 0x8080000 0 0x20000>; }; };
};
"""

OVERLAY_DTS = """/dts-v1/;
/plugin/;
/* a comment with cpus = <9>; in it */
&{/chosen} {
	bootargs = "console=ttyAMA0 nokaslr";
	linux {
		compatible = "tandem,vm";
		cpus = <2>;
		cpu-affinity = <0 1>;
		memory = <0x0 0x40000>;          /* KiB: 256 MiB */
		kernel = <0x0 0x78000000>;
		vpl011;
		passthrough = "/pl031@9010000", "/virtio_mmio@a003e00";
	};
};
"""

CHECK_OUTPUT = """VM linux accepted: 1 vCPU(s), RAM IPA 0x40000000-0x50000000 at PA 0x48000000, 1 device(s)
/* the device tree of VM linux (before its ramdisk is added) */
/dts-v1/;

/ {
	#address-cells = <0x02>;
	#size-cells = <0x02>;

	chosen {
		bootargs = "console=ttyAMA0 nokaslr";
		/* rng-seed: 64 bytes, fresh at each boot of the VM */
		/* kaslr-seed: 8 bytes, fresh at each boot of the VM */
	};

	pl011@9000000 {
		compatible = "arm,pl011\\0arm,primecell";
		reg = <0x00 0x9000000 0x00 0x1000>;
	};
};
VM other accepted: 1 vCPU(s)
"""


def equal(a, b):
    if a != b:
        raise CheckFailed("got %r, expected %r" % (a, b))


def dtc(text, tmp, name, plugin=False):
    path = os.path.join(tmp, name)
    subprocess.run(["dtc", "-q"] + (["-@"] if plugin else []) + ["-I", "dts", "-O", "dtb", "-o", path, "-"],
                   input=text.encode(), check=True)
    return path


BASE = {"ram_mib": 256, "cpus": 1, "machine_smp": 1, "cmdline": "console=ttyAMA0 nokaslr",
        "seeds": {"rng-seed": True, "kaslr-seed": True}, "devices": ["pl011@9000000"],
        "icount": "shift=0,sleep=off"}


@scenario
def bench_like_for_like():
    tmp = tempfile.mkdtemp(prefix="tandem-lfl-")

    def identical():
        equal(lfl.compare("p", BASE, dict(BASE)), [])
        equal(lfl.check("p", BASE, dict(BASE)), [])

    def each_key_named():
        guest = dict(BASE, ram_mib=512, machine_smp=2, icount=None,
                     seeds={"rng-seed": False, "kaslr-seed": True})
        d = lfl.compare("p", BASE, guest)
        equal(d, ["ram_mib: native 256, guest 512", "machine_smp: native 1, guest 2",
                  "seeds: rng-seed native True, guest False", 'icount: native "shift=0,sleep=off", guest none'])

    def devices_and_cmdline_diffed():
        guest = dict(BASE, devices=["pl011@9000000", "pl031@9010000"], cmdline="console=ttyAMA0 quiet")
        equal(lfl.compare("p", BASE, guest),
              ["cmdline: native only [nokaslr], guest only [quiet]",
               "devices: guest only 1: pl031@9010000"])
        equal(lfl.compare("p", BASE, dict(BASE, cmdline="console=ttyAMA0   nokaslr")), [])

    def unknown_said():
        native = dict(BASE)
        del native["seeds"]
        guest = dict(BASE)
        del guest["seeds"]
        del guest["icount"]
        equal(lfl.compare("p", native, guest),
              ["seeds: unknown on both sides", 'icount: native "shift=0,sleep=off", guest unknown'])

    def check_refuses_undeclared():
        guest = dict(BASE, machine_smp=2, ram_mib=512)
        try:
            lfl.check("cyclictest 1 vCPU", BASE, guest, declared=[("ram_mib", "r")])
        except SystemExit as e:
            msg = str(e)
            if "cyclictest 1 vCPU" not in msg or "machine_smp: native 1, guest 2" not in msg or "ram_mib" in msg:
                raise CheckFailed("message: %s" % msg)
        else:
            raise CheckFailed("an undeclared difference passed")

    def check_returns_declared():
        guest = dict(BASE, machine_smp=2, ram_mib=512)
        got = lfl.check("p", BASE, guest, declared={"machine_smp": "the loaded VM's core", "ram_mib": ""})
        equal(got, ["ram_mib: native 256, guest 512 (declared)",
                    "machine_smp: native 1, guest 2 (declared: the loaded VM's core)"])
        equal(lfl.check("p", BASE, guest, declared=("machine_smp", "ram_mib")),
              ["ram_mib: native 256, guest 512 (declared)", "machine_smp: native 1, guest 2 (declared)"])

    def from_qemu_command():
        cmd = ["qemu-system-aarch64", "-M", "virt,gic-version=3", "-smp", "2", "-m", "1G",
               "-icount", "shift=0,sleep=off", "-kernel", "Image", "-append", "console=ttyAMA0 nokaslr"]
        equal(lfl.from_qemu(cmd), {"ram_mib": 1024, "cpus": 2, "machine_smp": 2,
                                   "cmdline": "console=ttyAMA0 nokaslr", "icount": "shift=0,sleep=off"})
        equal(lfl.from_qemu("qemu-system-arm -M vexpress-a9 -m 256M -kernel x"),
              {"ram_mib": 256, "cpus": 1, "machine_smp": 1, "cmdline": "", "icount": None})

    def native_tree_read():
        dtb = dtc(NATIVE_DTS, tmp, "native.dtb")
        r = lfl.from_qemu(["q", "-M", "virt", "-m", "256"], dtb)
        equal(r["seeds"], {"rng-seed": True, "kaslr-seed": True})
        equal(r["devices"], ["intc@8000000", "intc@8000000/its@8080000", "pl011@9000000", "pl031@9010000"])
        equal(r["ram_mib"], 256)

    def overlay_source_and_blob():
        src = os.path.join(tmp, "vm.dtso")
        with open(src, "w") as f:
            f.write(OVERLAY_DTS)
        blob = dtc(OVERLAY_DTS, tmp, "vm.dtbo", plugin=True)
        cmd = ["q", "-M", "virt", "-smp", "3", "-icount", "shift=0,sleep=off"]
        want = {"machine_smp": 3, "icount": "shift=0,sleep=off", "ram_mib": 256, "cpus": 2,
                "cmdline": "console=ttyAMA0 nokaslr", "devices": ["pl031@9010000", "virtio_mmio@a003e00"]}
        equal(lfl.from_overlay(src, cmd), want)
        equal(lfl.from_overlay(blob, cmd), want)

    def tandem_check_tree():
        dts = lfl.check_output_tree(CHECK_OUTPUT, "linux")
        dtb = dtc(dts, tmp, "guest.dtb")
        blob = dtc(OVERLAY_DTS, tmp, "vm2.dtbo", plugin=True)
        r = lfl.from_overlay(blob, ["q", "-M", "virt", "-smp", "1"], dtb)
        equal(r["seeds"], {"rng-seed": True, "kaslr-seed": True})
        equal(r["devices"], ["pl011@9000000"])
        equal(lfl.check_output_tree(CHECK_OUTPUT, "nosuch"), None)

    def long_lists_shortened():
        slots = ["virtio_mmio@a%03x" % i for i in range(0, 64, 2)]
        guest = dict(BASE, devices=["pl011@9000000"] + slots + ["bus@4/mb@4/clk@%d" % i for i in range(3)])
        equal(lfl.compare("p", BASE, guest),
              ["devices: guest only 35: virtio_mmio@a000..a03e (32), bus@4/mb@4/clk@0, bus@4/mb@4/clk@1, "
               "bus@4/mb@4/clk@2"])
        many = dict(BASE, devices=["dev%02d" % i for i in range(20)])
        d = lfl.compare("p", dict(BASE, devices=[]), many)[0]
        if not d.endswith("dev11, and 8 more"):
            raise CheckFailed(d)

    def repeats_folded():
        runs = [{"max": 30, "avg": 5, "log": "a"}, {"max": 28, "avg": 5, "log": "b"}, {"max": 41, "avg": 6, "log": "c"}]
        row = lfl.fold(runs, ("max", "avg"))
        equal((row["max"], row["avg"], row["repeats"]), (30, 5, 3))
        equal(row["spread"]["max"], {"min": 28, "median": 30, "max": 41})
        equal(lfl.show_spread(row, "max"), "28/30/41")
        equal(lfl.show_spread(row, "avg"), "5/5/6")
        equal(lfl.show_spread(lfl.fold(runs[:1], ("max",)), "max"), "30")
        equal(lfl.spread([{"x": 4}, {"x": 1}, {"x": 3}, {"x": 2}], ("x",))["x"]["median"], 2)
        equal(lfl.same_runs({"max": 1, "avg": 2}, {"max": 1, "avg": 3}, ("max", "avg")), ["avg"])

    def fresh_seeds():
        dts = lfl.check_output_tree(CHECK_OUTPUT, "linux")
        dtb = dtc(dts, tmp, "zero-seeds.dtb")
        out = lfl.with_seeds(dtb, os.path.join(tmp, "seeded.dtb"))
        import tandem_qemu
        chosen = [p for path, p in tandem_qemu.fdt_nodes(open(out, "rb").read()) if path.strip("/") == "chosen"][0]
        equal((len(chosen["rng-seed"]), len(chosen["kaslr-seed"])), (64, 8))
        if chosen["rng-seed"] == bytes(64):
            raise CheckFailed("the rng-seed is still zero")
        equal(lfl.tree_bootargs(open(out, "rb").read()), "console=ttyAMA0 nokaslr")

    def sizes():
        equal([lfl.size_mib(s) for s in ("128", "256M", "1G", "size=2G", "512m")], [128, 256, 1024, 2048, 512])

    return [
        ("identical runs: no difference", identical),
        ("each differing key is named with both values", each_key_named),
        ("devices and command lines are diffed item by item", devices_and_cmdline_diffed),
        ("a key a side cannot know is said to be unknown", unknown_said),
        ("check() refuses an undeclared difference, naming the pair", check_refuses_undeclared),
        ("check() returns the declared differences with their reasons", check_returns_declared),
        ("a QEMU command's -m, -smp, -append and -icount", from_qemu_command),
        ("a native tree's seeds and devices", native_tree_read),
        ("an overlay's RAM, vCPUs, bootargs and passthrough, as .dtso and .dtbo", overlay_source_and_blob),
        ("the VM tree tandem-check prints, seeds included", tandem_check_tree),
        ("QEMU's -m sizes", sizes),
        ("a VM tree given fresh seeds of its sizes for a native run; its bootargs read", fresh_seeds),
        ("long device lists grouped and cut, the rest counted", long_lists_shortened),
        ("K runs folded into min/median/max; one run left as it is", repeats_folded),
    ]
