// What the Prometheus endpoint shows: a copy of the daemon's counters and SA tables, taken on the
// loop thread (collect_metrics) and rendered as text elsewhere (metrics_text.hpp), so the HTTP
// thread never touches IKE state.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "dataplane/counters.hpp"
#include "ike/sa_info.hpp"

namespace oakley::daemon {

class Daemon;

struct MetricsSnapshot {
  std::int64_t uptime_seconds = 0;

  struct StateCount {
    int version = 2;
    std::string state;  // lower case: "established", "installed", ...
    std::uint64_t count = 0;
  };
  std::vector<StateCount> ike_sas, child_sas;  // sorted by version, state

  struct Traffic {
    std::uint64_t bytes_in = 0, bytes_out = 0, packets_in = 0, packets_out = 0;
  };
  struct ChildTraffic {
    std::string connection, child;
    Traffic traffic;
  };
  std::vector<ChildTraffic> child_traffic;  // sorted by connection, child

  struct Engine {
    int version = 2;
    std::uint64_t half_open = 0;
    std::uint64_t retransmits_sent = 0, retransmits_answered = 0;
    std::uint64_t cookies_sent = 0;
    std::uint64_t ike_rekeys = 0, child_rekeys = 0;
    std::uint64_t auth_failures = 0;
    std::uint64_t ike_established = 0, ike_failed = 0;
    std::uint64_t child_installed = 0, child_deleted = 0;
    std::uint64_t dpd_sent = 0, peers_dead = 0;
  };
  std::array<Engine, 2> engines{};  // IKEv2, IKEv1

  struct MessageCount {
    int version = 2;
    std::string exchange, direction, result;
    std::uint64_t count = 0;
  };
  std::vector<MessageCount> messages;

  dataplane::DataplaneStats dataplane;
  std::vector<dataplane::DataplaneStats> dataplane_threads;  // per packet thread, in slot order

  unsigned crypto_threads = 0;
  std::uint64_t crypto_queued = 0, crypto_completed = 0;
};

// Per-child traffic as counters that only go up. The data plane counts per SA, and an SA's
// counts vanish with it (a rekey replaces it); the ledger keeps what each SA had carried when it
// was last seen and adds it to its (connection, child) once the SA is gone.
class ChildTrafficLedger {
 public:
  // The SAs that exist now; returns the totals per (connection, child), sorted.
  std::vector<MetricsSnapshot::ChildTraffic> update(const std::vector<ike::IkeSaInfo>& sas);

 private:
  using Key = std::pair<std::string, std::string>;  // connection, child
  struct Seen {
    Key key;
    MetricsSnapshot::Traffic traffic;
  };
  std::map<std::pair<int, std::uint32_t>, Seen> live_;  // (version, child id)
  std::map<Key, MetricsSnapshot::Traffic> retired_;
};

// On the loop thread.
MetricsSnapshot collect_metrics(const Daemon& daemon, ChildTrafficLedger& ledger);

}  // namespace oakley::daemon
