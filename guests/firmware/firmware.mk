# Firmware guests: Debian's U-Boot and EDK2, the ESP disk they boot Debian's
# kernel from, and Tandem loaded high (guests/firmware/build.sh, which
# decides itself whether anything changed, so the target is phony).
#
#   firmware-guest   u-boot.bin, QEMU_EFI.fd, esp.img, tandem-high.bin
#                    (make integration, make bench)

.PHONY: firmware-guest
firmware-guest: $(BUILD)/tandem.bin | linux-guest
	BUILD=$(BUILD) guests/firmware/build.sh
