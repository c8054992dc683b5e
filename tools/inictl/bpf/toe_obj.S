/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The TOE tc-ingress program's object (inic_toe.bpf.o, built by the
 * Makefile with clang), embedded in inictl for toe.cpp to load.
 */
	.section .rodata
	.p2align 3
	.global inic_toe_bpf_obj
inic_toe_bpf_obj:
	.incbin INIC_TOE_BPF_OBJ
	.global inic_toe_bpf_obj_end
inic_toe_bpf_obj_end:
	.section .note.GNU-stack,"",@progbits
