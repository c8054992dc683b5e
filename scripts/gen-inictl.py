#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Generate inictl's attribute tables and enum names from the YNL spec.

    gen-inictl.py --ynl DIR --spec SPEC --header OUT.h --source OUT.cpp

DIR is the kernel tree's tools/net/ynl: the spec is read with the kernel's
own parser (lib/nlspec.py, the one ynl-gen-c.py uses), so attribute ids and
enum values are the ones include/uapi/linux/inic.h has. Run by
scripts/gen-netlink.sh, which writes tools/inictl/nl_gen.{h,cpp}.

Generated, for every attribute set of the spec, a table
    const std::vector<field> <set>_fields
of {attribute id, JSON name, kind[, nested table][, enum]} in the spec's
order, and for every enum or flags definition
    const char *inic_<enum>_str(uint32_t value)   (nullptr: not in the spec)
    const nl_enum <enum>_enum                      (how inictl shows values)

The kind follows the attribute's type: u8/u16/u32 F_U8/F_U16/F_U32, u64 and
uint F_UINT, string F_STR, flag F_FLAG, binary F_MAC (display-hint mac) or
F_HEX, nest F_NEST (multi-attr: F_NEST_LIST), a multi-attr u32 F_U32_LIST,
a u32 with "enum:" F_ENUM (F_FLAGS for a flags definition). A type with no
kind here stops the generator: give it a kind in inictl (field_kind,
decode() in app.cpp) and here.
"""

import argparse
import os
import sys
import textwrap

# ---- overrides: where inictl's output is not what the spec implies ----
#
# inictl's JSON and text are a user interface (tests, selftests and scripts
# read them), older than the generator. These keep them as they were; every
# other name and kind comes from the spec.

# (attribute set, attribute) -> JSON name.
JSON_NAME = {
    # monitor -j has always called the VF of a vf-state event "vf" (as
    # "vf show" and "vf set" do on the command line), not "vf-index".
    ('event', 'vf-index'): 'vf',
}

# enum -> text for 0 when the spec's entries start at 1 (value-start: 1),
# i.e. "no value": inictl has always shown it as "none".
ENUM_ZERO = {
    'rule-mirror': 'none',
    'failover-reason': 'none',
}

# enum -> text for any other value the spec lacks (default: the number).
ENUM_OTHER = {
    # A port's link has only ever been shown as "up" or "down".
    'link-state': 'down',
}


def die(msg):
    sys.stderr.write(f"gen-inictl: {msg}\n")
    sys.exit(2)


def c_upper(name):
    return name.upper().replace('-', '_')


def c_lower(name):
    return name.lower().replace('-', '_')


def c_str(s):
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'


def attr_prefix(family, aset):
    """The uapi names' prefix of a set's attributes, as ynl-gen-c.py has it."""
    if aset.subset_of:
        aset = family.attr_sets[aset.subset_of]
    if 'name-prefix' in aset.yaml:
        return c_upper(aset.yaml['name-prefix'])
    if aset.name == family.name:
        return c_upper(f"{family.ident_name}-a-")
    return c_upper(f"{family.ident_name}-a-{aset.name}-")


def enum_prefix(family, enum):
    return c_upper(enum.yaml.get('name-prefix',
                                 f"{family.ident_name}-{enum.name}-"))


def kind_of(family, aset, attr):
    """(kind, nested set or None, enum or None) of one attribute."""
    where = f"attribute {aset.name}/{attr.name} ({attr.type})"
    t = attr.type
    enum = attr.yaml.get('enum')
    if enum is not None:
        if t != 'u32' or attr.is_multi:
            die(f"{where}: inictl shows enums of single u32 attributes only")
        e = family.consts[enum]
        if e.type == 'flags':
            return 'F_FLAGS', None, e
        if attr.yaml.get('enum-as-flags'):
            die(f"{where}: enum-as-flags over an enum (not flags)")
        return 'F_ENUM', None, e
    if attr.is_multi:
        if t == 'nest':
            return 'F_NEST_LIST', attr.yaml['nested-attributes'], None
        if t == 'u32':
            return 'F_U32_LIST', None, None
        die(f"{where}: no inictl kind for a multi-attr {t}")
    simple = {'u8': 'F_U8', 'u16': 'F_U16', 'u32': 'F_U32', 'u64': 'F_UINT',
              'uint': 'F_UINT', 'string': 'F_STR', 'flag': 'F_FLAG'}
    if t in simple:
        return simple[t], None, None
    if t == 'binary':
        hint = attr.display_hint
        if hint == 'mac':
            return 'F_MAC', None, None
        if hint in (None, 'hex'):
            return 'F_HEX', None, None
        die(f"{where}: no inictl kind for display-hint {hint}")
    if t == 'nest':
        return 'F_NEST', attr.yaml['nested-attributes'], None
    die(f"{where}: no inictl kind for this type")


def doc_comment(text):
    """A C comment of a spec doc string, wrapped to 80 columns."""
    text = ' '.join((text or '').split()).replace('*/', '* /')
    lines = textwrap.wrap(text, 74)
    if len(lines) == 1 and len(lines[0]) <= 74:
        return [f"/* {lines[0]} */"]
    return ["/*"] + [f" * {ln}" for ln in lines] + [" */"]


def generate(family, spec_rel):
    check_overrides(family)
    head = [
        "// SPDX-License-Identifier: GPL-2.0",
        "/* Do not edit directly, auto-generated from: */",
        f"/*\t{spec_rel} */",
        "/* by scripts/gen-netlink.sh (scripts/gen-inictl.py) */",
        "",
    ]
    h = head + [
        "/*",
        " * inictl's view of the inic family: per attribute set a table of",
        " * {attribute id, JSON name, kind} (struct field, inictl.h), per enum",
        " * its names. Overrides of what the spec implies, kept for inictl's",
        " * output, are listed in scripts/gen-inictl.py and marked below.",
        " */",
        "#ifndef INICTL_NL_GEN_H",
        "#define INICTL_NL_GEN_H",
        "",
        "#include <cstdint>",
        "#include <vector>",
        "",
        '#include "inictl.h"',
        "",
        "namespace inictl {",
        "",
        "/*",
        " * The spec's name of an enum value (of a flags value: one bit, as a",
        " * mask), nullptr for a value the spec does not have.",
        " */",
    ]
    c = head + [
        "#include <linux/inic.h>",
        "",
        '#include "nl_gen.h"',
        "",
        "namespace inictl {",
        "",
    ]

    for e in family.consts.values():
        if e.type not in ('enum', 'flags'):
            continue
        fn = f"inic_{c_lower(e.name)}_str"
        h.append(f"const char *{fn}(uint32_t value);")
        pfx = enum_prefix(family, e)
        c += doc_comment(f"{e.name} ({e.type}): {e.yaml.get('doc', '')}")
        c.append(f"const char *{fn}(uint32_t value)")
        c.append("{")
        c.append("\tswitch (value) {")
        for entry in e.entries.values():
            c.append(f"\tcase {pfx}{c_upper(entry.name)}:")
            c.append(f"\t\treturn {c_str(entry.name)};")
        c.append("\tdefault:")
        c.append("\t\treturn nullptr;")
        c.append("\t}")
        c.append("}")
        c.append("")
    h += ["", "/* How inictl shows each enum's values (nl_enum, inictl.h). */"]
    for e in family.consts.values():
        if e.type not in ('enum', 'flags'):
            continue
        var = f"{c_lower(e.name)}_enum"
        h.append(f"extern const nl_enum {var};")
        zero, other = ENUM_ZERO.get(e.name), ENUM_OTHER.get(e.name)
        note = []
        if zero:
            note.append(f'0 shows "{zero}"')
        if other:
            note.append(f'other values show "{other}"')
        if note:
            c.append(f"/* override: {', '.join(note)} */")
        c.append(f"const nl_enum {var} = {{")
        c.append(f"\t{c_str(e.name)}, inic_{c_lower(e.name)}_str, "
                 f"{c_str(zero) if zero else 'nullptr'}, "
                 f"{c_str(other) if other else 'nullptr'},")
        c.append("};")
    c.append("")

    h += ["", "/* Attribute sets: a field per attribute, in the spec's order. */"]
    for aset in family.attr_sets.values():
        var = f"{c_lower(aset.name)}_fields"
        h.append(f"extern const std::vector<field> {var};")
        pfx = attr_prefix(family, aset)
        c.append(f"const std::vector<field> {var} = {{")
        for attr in aset.attrs.values():
            kind, nested, enum = kind_of(family, aset, attr)
            name = JSON_NAME.get((aset.name, attr.name), attr.name)
            parts = [f"{pfx}{c_upper(attr.name)}", c_str(name), kind]
            if nested or enum:
                parts.append(f"&{c_lower(nested)}_fields" if nested else "nullptr")
            if enum:
                parts.append(f"&{c_lower(enum.name)}_enum")
            line = "\t{" + ", ".join(parts) + "},"
            if name != attr.name:
                line += f"\t/* override: the spec's {attr.name} */"
            c.append(line)
        c.append("};")
        c.append("")
    h += ["", "} // namespace inictl", "", "#endif"]
    c += ["} // namespace inictl"]
    return "\n".join(h) + "\n", "\n".join(c) + "\n"


def check_overrides(family):
    """An override of something the spec no longer has is an error."""
    for (s, a) in JSON_NAME:
        if s not in family.attr_sets or a not in family.attr_sets[s]:
            die(f"JSON_NAME override of {s}/{a}: not in the spec")
    for name in list(ENUM_ZERO) + list(ENUM_OTHER):
        if name not in family.consts:
            die(f"enum override of {name}: not in the spec")
    for name in ENUM_ZERO:
        if 0 in family.consts[name].entries_by_val:
            die(f"ENUM_ZERO override of {name}: the spec has a value 0")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument('--ynl', required=True, help="the kernel's tools/net/ynl")
    p.add_argument('--spec', required=True)
    p.add_argument('--spec-name', default='Documentation/netlink/specs/inic.yaml',
                   help="the spec's path as the output names it")
    p.add_argument('--header', required=True)
    p.add_argument('--source', required=True)
    args = p.parse_args()

    sys.path.insert(0, os.path.abspath(args.ynl))
    from lib import SpecFamily  # noqa: E402 (the kernel's spec parser)

    # schema_path None: validated against <spec dir>/../genetlink.yaml.
    family = SpecFamily(args.spec)
    hdr, src = generate(family, args.spec_name)
    with open(args.header, 'w') as f:
        f.write(hdr)
    with open(args.source, 'w') as f:
        f.write(src)


if __name__ == '__main__':
    main()
