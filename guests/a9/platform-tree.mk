# The Cortex-A9 platform tree, Debian's vexpress-v2p-ca9.dtb with its
# package's and its own SHA256 beside it (guests/a9/platform-tree.sh), in
# $(TOP_BUILD)/a9/. Included by guests/arm32-a9.mk (make a9) and by
# tests/tests.mk (the unit tests parse it).
ifndef A9_PLATFORM_DTB
A9_PLATFORM_DTB := $(TOP_BUILD)/a9/vexpress-v2p-ca9.dtb

# The package's version is decided at download time; the script checks the
# cache itself: rerun it with `make -B` or by deleting the tree.
$(A9_PLATFORM_DTB): guests/a9/platform-tree.sh guests/linux/fetch.sh
	@echo "  TREE    $@"
	$(Q)guests/a9/platform-tree.sh $@

ifeq ($(VARIANT),a9)
arch-guests: $(A9_PLATFORM_DTB)
endif
endif
