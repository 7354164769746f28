#include "net/net_counters.hpp"

namespace oakley::net {

std::vector<std::pair<std::string_view, std::uint64_t>> NetCounters::snapshot() const {
  auto get = [](const Counter& c) { return c.load(std::memory_order_relaxed); };
  return {
      {"rx_datagrams", get(rx_datagrams)},
      {"rx_bytes", get(rx_bytes)},
      {"rx_ike", get(rx_ike)},
      {"rx_esp", get(rx_esp)},
      {"rx_keepalives", get(rx_keepalives)},
      {"tx_datagrams", get(tx_datagrams)},
      {"tx_bytes", get(tx_bytes)},
      {"tx_keepalives", get(tx_keepalives)},
      {"drop_runt", get(drop_runt)},
      {"drop_truncated", get(drop_truncated)},
      {"drop_esp_no_handler", get(drop_esp_no_handler)},
      {"drop_no_local_address", get(drop_no_local_address)},
      {"rx_errors", get(rx_errors)},
      {"tx_errors", get(tx_errors)},
  };
}

}  // namespace oakley::net
