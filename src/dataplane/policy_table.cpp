#include "dataplane/policy_table.hpp"

#include <algorithm>
#include <bit>

#include "dataplane/selector_match.hpp"

namespace oakley::dataplane {

namespace {

// Roughly log2 of the number of addresses in the selector: host bits of a prefix.
unsigned address_bits(const TrafficSelector& ts) {
  if (auto len = ts.prefix_len()) return ts.start.max_prefix() - *len;
  // A range that is not a prefix: the first byte where start and end differ bounds the size.
  auto s = ts.start.bytes();
  auto e = ts.end.bytes();
  for (std::size_t i = 0; i < s.size(); ++i)
    if (s[i] != e[i])
      return static_cast<unsigned>((s.size() - i) * 8 -
                                   std::countl_zero(std::uint8_t(s[i] ^ e[i])));
  return 0;
}

unsigned action_class(PolicyAction a) {
  switch (a) {
    case PolicyAction::kPass:
    case PolicyAction::kDrop:
      return 0;
    case PolicyAction::kProtect:
      return 1;
    case PolicyAction::kTrap:
      return 2;
  }
  return 3;
}

}  // namespace

std::uint64_t automatic_priority(const PolicyConfig& p) {
  const std::uint64_t addr = address_bits(p.local_ts) + address_bits(p.remote_ts);  // <= 256
  const std::uint64_t any_proto = p.local_ts.ip_protocol == 0 || p.remote_ts.ip_protocol == 0;
  const std::uint64_t ports = (std::uint64_t{p.local_ts.end_port} - p.local_ts.start_port) +
                              (std::uint64_t{p.remote_ts.end_port} - p.remote_ts.start_port);
  return (std::uint64_t{action_class(p.action)} + 1) << 40 | addr << 20 | any_proto << 18 | ports;
}

PolicyTable::PolicyTable(std::vector<PolicyEntry> entries) : entries_(std::move(entries)) {
  std::stable_sort(
      entries_.begin(), entries_.end(),
      [](const PolicyEntry& a, const PolicyEntry& b) { return a.priority < b.priority; });
}

const PolicyEntry* PolicyTable::lookup(const esp::FlowKey& flow) const {
  for (const auto& e : entries_)
    if (selector_matches(e.config.local_ts, flow, true) &&
        selector_matches(e.config.remote_ts, flow, false))
      return &e;
  return nullptr;
}

}  // namespace oakley::dataplane
