// Socket-level counters for `oakctl stats`. Atomic because the data plane's threads may hand
// datagrams in and the control socket reads them while the loop runs.
#pragma once

#include <atomic>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace oakley::net {

struct NetCounters {
  using Counter = std::atomic<std::uint64_t>;
  Counter rx_datagrams{0};
  Counter rx_bytes{0};
  Counter rx_ike{0};
  Counter rx_esp{0};
  Counter rx_keepalives{0};
  Counter tx_datagrams{0};
  Counter tx_bytes{0};
  Counter tx_keepalives{0};
  // Drops, by reason.
  Counter drop_runt{0};              // on the NAT-T port: too short for IKE or ESP
  Counter drop_truncated{0};         // larger than the receive buffer
  Counter drop_esp_no_handler{0};    // ESP arrived while no data plane was attached
  Counter drop_no_local_address{0};  // the kernel did not report the arrival address
  Counter rx_errors{0};
  Counter tx_errors{0};

  // Name/value pairs in a stable order, for the stats JSON.
  std::vector<std::pair<std::string_view, std::uint64_t>> snapshot() const;
};

inline void bump(NetCounters::Counter& c, std::uint64_t n = 1) {
  c.fetch_add(n, std::memory_order_relaxed);
}

}  // namespace oakley::net
