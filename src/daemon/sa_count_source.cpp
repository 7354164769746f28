#include "daemon/sa_count_source.hpp"

#include <initializer_list>

namespace oakley::daemon {

namespace {

bool is_up(const std::string& state) {
  return state == "ESTABLISHED" || state == "REKEYING";
}

bool is_installed(const std::string& state) {
  return state == "INSTALLED" || state == "REKEYING";
}

// FNV-1a over whole words: the stamp only has to change when any input changes.
std::uint64_t mix(std::initializer_list<std::uint64_t> values) {
  std::uint64_t h = 14695981039346656037ull;
  for (auto v : values) {
    h ^= v;
    h *= 1099511628211ull;
  }
  return h;
}

// Every SA that comes or goes moves a table size or one of these counters.
std::uint64_t change_stamp(const Engines& e) {
  const auto& v2 = e.v2().stats();
  const auto& v1 = e.v1().stats();
  return mix({e.v2().ike_sa_count(), e.v2().half_open_count(), e.v1().ike_sa_count(),
              e.config().connections.size(), v2.ike_established, v2.ike_failed, v2.ike_rekeyed,
              v2.child_installed, v2.child_failed, v2.child_rekeyed, v2.child_deleted,
              v1.phase1_established, v1.phase1_failed, v1.phase1_rekeyed, v1.quick_modes_completed,
              v1.quick_modes_failed, v1.child_installed, v1.child_rekeyed, v1.child_deleted});
}

}  // namespace

SaCounts count_sas(const Engines& engines) {
  SaCounts c;
  c.connections = engines.config().connections.size();
  for (const auto& sa : engines.list_sas()) {
    ++(is_up(sa.state) ? c.ike_up : c.ike_connecting);
    for (const auto& child : sa.children)
      c.child_up += is_installed(child.state);
  }
  return c;
}

SaCountSource sa_count_source(const Engines& engines) {
  return {[&engines] { return change_stamp(engines); }, [&engines] { return count_sas(engines); }};
}

}  // namespace oakley::daemon
