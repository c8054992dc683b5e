# SPDX-License-Identifier: GPL-2.0
#
# C++ in the inic module: the one place that knows the C++ flags.
#
# Reused by:
#   - drivers/net/inic/Kbuild (kernel module, x86_64 Debian 6.12 headers),
#   - scripts/tier-unit-driver.sh via drivers/net/inic/tests/Makefile
#     (user space, GoogleTest, sanitizers),
#   - the KUnit build (UML): include this file and use $(inic_cxx_lang_flags)
#     with the kernel rule below; UML's flags come from its own KBUILD_CFLAGS.
#
# Kernel C++ flags are Kbuild's own C flags minus the options that are
# C-only and minus ftrace instrumentation (C++ inline functions and
# templates become COMDAT sections that break __mcount_loc), compiled
# with -g0 (pahole cannot encode BTF from C++ DWARF), then the language
# restrictions below. $(c_flags) is not reused whole: its forced
# compiler_types.h redefines `inline`, which breaks C++.

# Language subset, for every build of the core (kernel, KUnit, user space).
inic_cxx_lang_flags := -std=gnu++17 -fno-exceptions -fno-rtti \
	-fno-threadsafe-statics -fno-use-cxa-atexit -fcheck-new \
	-fno-asynchronous-unwind-tables -fno-unwind-tables

# Kernel-only: no libstdc++ headers at all.
inic_cxx_kernel_lang_flags := $(inic_cxx_lang_flags) -nostdinc++ \
	-ffreestanding -fno-builtin

# Options in KBUILD_CFLAGS that g++ rejects or warns about (measured with
# g++-12 on Debian's 6.12 flags; the rest of the list is valid C++). Other
# C-only options seen in other configurations are listed too.
inic_cxx_c_only := -std=gnu89 -std=gnu11 -std=c11 \
	-Werror=implicit-function-declaration -Werror=implicit-int \
	-Werror=strict-prototypes -Wstrict-prototypes -Wmissing-prototypes \
	-Wno-pointer-sign -Werror=incompatible-pointer-types \
	-Werror=designated-init -Wno-override-init -Wold-style-definition \
	-Wdeclaration-after-statement -Wno-declaration-after-statement \
	-Wmissing-parameter-type -Wnested-externs -Wno-old-style-declaration \
	-Wenum-int-mismatch -Wno-enum-int-mismatch

inic_cxx_drop := $(inic_cxx_c_only) $(CC_FLAGS_FTRACE) -g -g1 -g2 -g3 \
	-gdwarf-4 -gdwarf-5 -gdwarf -gz -gz=zlib -gsplit-dwarf -fno-var-tracking \
	-femit-struct-debug-baseonly -gno-variable-location-views

INIC_CXX ?= $(subst gcc,g++,$(CC))

# Flags for one kernel C++ object (deferred: evaluated per target).
inic_kcxxflags = $(NOSTDINC_FLAGS) \
	$(filter-out $(inic_cxx_drop), \
		$(KBUILD_CPPFLAGS) $(KBUILD_CFLAGS) $(modkern_cflags)) \
	$(filter-out $(inic_cxx_drop),$(ccflags-y) $(CXXFLAGS_$(target-stem).o)) \
	-g0 $(inic_cxx_kernel_lang_flags) \
	$(basename_flags) $(modname_flags)

# The build fails if a C++ object carries what the kernel cannot run or
# load: constructors, unwind tables, exception tables, or references to a
# C++ runtime the module does not provide.
inic_cxx_forbidden := \.init_array|\.ctors|\.fini_array|\.dtors|\.eh_frame|\.gcc_except_table
inic_cxx_forbidden_syms := __cxa_(guard|atexit|throw|allocate|begin_catch|end_catch|rethrow)|__gxx_personality|_Unwind_|__dso_handle|_ZSt|_ZNSt

quiet_cmd_cxx_o_cpp = C++ $(quiet_modtag) $@
      cmd_cxx_o_cpp = $(INIC_CXX) -Wp,-MMD,$(depfile) $(inic_kcxxflags) \
		-c -o $@ $<

quiet_cmd_cxx_check = CXXCHK  $@
      cmd_cxx_check = \
	if $(OBJDUMP) -h $@ | grep -Eq '$(inic_cxx_forbidden)'; then \
		echo "$@: forbidden C++ section:" >&2; \
		$(OBJDUMP) -h $@ | grep -E '$(inic_cxx_forbidden)' >&2; \
		rm -f $@; exit 1; \
	fi; \
	if $(NM) -u $@ | grep -Eq '$(inic_cxx_forbidden_syms)'; then \
		echo "$@: needs a C++ runtime symbol the kernel lacks:" >&2; \
		$(NM) -u $@ | grep -E '$(inic_cxx_forbidden_syms)' >&2; \
		rm -f $@; exit 1; \
	fi

define rule_cxx_o_cpp
	$(call cmd_and_fixdep,cxx_o_cpp)
	$(call cmd,cxx_check)
endef
