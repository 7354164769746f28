// Internal to the config layer: one loader per kind of section. Each reads its section with a
// SectionReader, adds every problem to the ErrorList and returns what it could read.
#pragma once

#include <string>
#include <vector>

#include "config/config.hpp"
#include "config/section_reader.hpp"

namespace oakley::config {

Connection load_connection(const SettingsSection& section, const DaemonSettings& daemon,
                           ErrorList& errors);
AuthRound load_auth_round(const SettingsSection& section, bool local, const std::string& connection,
                          ErrorList& errors);
Child load_child(const SettingsSection& section, const Connection& connection,
                 const DaemonSettings& daemon, ErrorList& errors);
void load_secrets(const SettingsSection& section, ErrorList& errors, Config& out);
std::vector<Pool> load_pools(const SettingsSection& section, ErrorList& errors);
std::vector<Authority> load_authorities(const SettingsSection& section, ErrorList& errors);
DaemonSettings load_daemon_settings(const SettingsSection& section, ErrorList& errors);
// Checks that need the whole file: pool names, pool overlaps, PSKs for psk connections,
// start actions that need a peer address.
void cross_check(const Config& config, ErrorList& errors);

// Configured proposals against this configuration: a legacy cipher (DES, Blowfish, CAST) that
// oakley.legacy_ciphers does not list is an error, a weak algorithm a warning. `what` names the
// proposals in messages ("IKE proposals of connection 'x'").
void check_proposal_policy(const std::vector<Proposal>& proposals, const SourceLocation& where,
                           std::string_view what, const DaemonSettings& daemon, ErrorList& errors);

// Parsers shared by the loaders.
Result<std::uint16_t> parse_port_number(std::string_view text);
Result<std::uint32_t> parse_u32(std::string_view text);
Result<std::vector<Proposal>> parse_ike_proposals(std::string_view text);
Result<InterfaceId> parse_interface_id(std::string_view text);
// if_id_in / if_id_out: reports anything but the default 0 (no XFRM interfaces here).
void read_interface_id(SectionReader& r, std::string_view key, InterfaceId& out);

}  // namespace oakley::config
