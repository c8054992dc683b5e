// SPDX-License-Identifier: GPL-2.0
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/inic.yaml */
/* by scripts/gen-netlink.sh (scripts/gen-inictl.py) */

/*
 * inictl's view of the inic family: per attribute set a table of
 * {attribute id, JSON name, kind} (struct field, inictl.h), per enum
 * its names. Overrides of what the spec implies, kept for inictl's
 * output, are listed in scripts/gen-inictl.py and marked below.
 */
#ifndef INICTL_NL_GEN_H
#define INICTL_NL_GEN_H

#include <cstdint>
#include <vector>

#include "inictl.h"

namespace inictl {

/*
 * The spec's name of an enum value (of a flags value: one bit, as a
 * mask), nullptr for a value the spec does not have.
 */
const char *inic_link_state_str(uint32_t value);
const char *inic_caps_str(uint32_t value);
const char *inic_vf_link_state_str(uint32_t value);
const char *inic_vf_event_str(uint32_t value);
const char *inic_rule_owner_str(uint32_t value);
const char *inic_rule_table_str(uint32_t value);
const char *inic_rule_action_str(uint32_t value);
const char *inic_rule_mirror_str(uint32_t value);
const char *inic_bond_mode_str(uint32_t value);
const char *inic_bond_hash_str(uint32_t value);
const char *inic_failover_reason_str(uint32_t value);
const char *inic_vf_lag_str(uint32_t value);
const char *inic_vnic_mirror_kind_str(uint32_t value);

/* How inictl shows each enum's values (nl_enum, inictl.h). */
extern const nl_enum link_state_enum;
extern const nl_enum caps_enum;
extern const nl_enum vf_link_state_enum;
extern const nl_enum vf_event_enum;
extern const nl_enum rule_owner_enum;
extern const nl_enum rule_table_enum;
extern const nl_enum rule_action_enum;
extern const nl_enum rule_mirror_enum;
extern const nl_enum bond_mode_enum;
extern const nl_enum bond_hash_enum;
extern const nl_enum failover_reason_enum;
extern const nl_enum vf_lag_enum;
extern const nl_enum vnic_mirror_kind_enum;

/* Attribute sets: a field per attribute, in the spec's order. */
extern const std::vector<field> dev_fields;
extern const std::vector<field> port_fields;
extern const std::vector<field> stats_fields;
extern const std::vector<field> vf_fields;
extern const std::vector<field> rule_fields;
extern const std::vector<field> lag_fields;
extern const std::vector<field> lag_member_fields;
extern const std::vector<field> lag_move_fields;
extern const std::vector<field> toe_fields;
extern const std::vector<field> toe_listener_fields;
extern const std::vector<field> toe_port_fields;
extern const std::vector<field> event_fields;
extern const std::vector<field> vnic_fields;

} // namespace inictl

#endif
