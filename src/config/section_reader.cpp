#include "config/section_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <utility>

#include "config/suggest.hpp"
#include "config/values.hpp"

namespace oakley::config {

namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 24> kHints = {{
    {"left", "the local address is 'local_addrs'"},
    {"right", "the remote address is 'remote_addrs'"},
    {"leftsubnet", "ipsec.conf's leftsubnet is 'local_ts' in a section under 'children'"},
    {"rightsubnet", "ipsec.conf's rightsubnet is 'remote_ts' in a section under 'children'"},
    {"leftid", "ipsec.conf's leftid is 'id' in the 'local' section"},
    {"rightid", "ipsec.conf's rightid is 'id' in the 'remote' section"},
    {"authby", "authentication is 'auth' in the 'local' and 'remote' sections"},
    {"auth", "'auth' belongs in the 'local' and 'remote' sections"},
    {"id", "'id' belongs in the 'local' and 'remote' sections"},
    {"ike", "IKE algorithms are 'proposals'"},
    {"esp", "ESP algorithms are 'esp_proposals' in a section under 'children'"},
    {"keyexchange", "the IKE version is 'version' (1 or 2)"},
    {"auto", "ipsec.conf's auto is 'start_action' in a section under 'children'"},
    {"ikelifetime", "the IKE SA lifetime is 'rekey_time'"},
    {"lifetime", "the CHILD SA lifetime is 'rekey_time' in a section under 'children'"},
    {"keylife", "the CHILD SA lifetime is 'rekey_time' in a section under 'children'"},
    {"dpdaction", "this is 'dpd_action' in a section under 'children'"},
    {"type", "the IPsec mode is 'mode' in a section under 'children'"},
    {"psk", "pre-shared keys go into the 'secrets' section: ike-<name> { secret = ... }"},
    {"secret", "secrets go into the 'secrets' section: ike-<name> { secret = ... }"},
    {"local_ts", "'local_ts' belongs in a section under 'children'"},
    {"remote_ts", "'remote_ts' belongs in a section under 'children'"},
    {"esp_proposals", "'esp_proposals' belongs in a section under 'children'"},
    {"half_open_cookie_threshold", "the cookie threshold is 'cookie_threshold'"},
}};

}  // namespace

std::string migration_hint(std::string_view key) {
  for (const auto& [k, hint] : kHints) {
    if (k == key) return std::string(hint);
  }
  return {};
}

SectionReader::SectionReader(const SettingsSection& section, std::string context, ErrorList& errors,
                             std::vector<std::string> keys)
    : section_(section), context_(std::move(context)), errors_(errors), keys_(std::move(keys)) {}

const SettingsValue* SectionReader::get(std::string_view key) const {
  const SettingsValue* v = section_.value(key);
  return v && !v->cleared ? v : nullptr;
}

bool SectionReader::read_string(std::string_view key, std::string& out) {
  const SettingsValue* v = get(key);
  if (!v) return false;
  out = v->value.str();
  return true;
}

bool SectionReader::read_list(std::string_view key, std::vector<std::string>& out) {
  const SettingsValue* v = get(key);
  if (!v) return false;
  out = split_list(v->value);
  return true;
}

void SectionReader::unsupported(std::string_view key,
                                std::initializer_list<std::string_view> harmless,
                                std::string_view why) {
  const SettingsValue* v = get(key);
  if (!v) return;
  bool ok = std::any_of(harmless.begin(), harmless.end(),
                        [&](std::string_view h) { return iequals(h, v->value); });
  if (ok) return;
  error(v->location, fmt::format("{} = {} in {} is not supported by oakley{}{}", key,
                                 v->value.view(), context_, why.empty() ? "" : ": ", why));
}

void SectionReader::invalid(const SettingsValue& v, std::string_view reason) {
  error(v.location,
        fmt::format("invalid {} '{}' in {}: {}", v.key, v.value.view(), context_, reason));
}

void SectionReader::error(const SourceLocation& where, const std::string& message) {
  errors_.add(where, message);
}

void SectionReader::check_keys() {
  for (const auto& v : section_.values) {
    if (std::find(keys_.begin(), keys_.end(), v.key) != keys_.end()) continue;
    if (errors_.full()) {
      errors_.add(v.location, "");  // only counted
      continue;
    }
    std::string hint = migration_hint(v.key);
    std::string suggestion = did_you_mean(v.key, keys_);
    if (!suggestion.empty()) {
      hint.clear();
    } else if (!hint.empty()) {
      hint = fmt::format(" ({})", hint);
    }
    if (v.key.find('.') != std::string::npos && suggestion.empty() && hint.empty()) {
      hint = " (keys cannot contain '.': write the sub-section as a block, e.g. local { id = x })";
    }
    error(v.location, fmt::format("unknown key '{}' in {}{}{}", v.key, context_, suggestion, hint));
  }
}

void SectionReader::unknown_section(const SettingsSection& sub,
                                    const std::vector<std::string>& candidates) {
  error(sub.location, fmt::format("unknown section '{}' in {}{}", sub.name, context_,
                                  did_you_mean(sub.name, candidates)));
}

}  // namespace oakley::config
