#include "dataplane/selector_match.hpp"

namespace oakley::dataplane {

bool selector_matches(const TrafficSelector& ts, const esp::FlowKey& flow, bool source_side) {
  const IpAddress& addr = source_side ? flow.src : flow.dst;
  if (!ts.contains(addr)) return false;
  if (ts.ip_protocol != 0 && ts.ip_protocol != flow.protocol) return false;
  if (ts.start_port == 0 && ts.end_port == 0xffff) return true;
  if (!flow.ports_known) return false;
  const std::uint16_t port = source_side ? flow.src_port : flow.dst_port;
  return ts.start_port <= port && port <= ts.end_port;
}

bool any_selector_matches(const std::vector<TrafficSelector>& list, const esp::FlowKey& flow,
                          bool source_side) {
  if (list.empty()) return true;
  for (const auto& ts : list)
    if (selector_matches(ts, flow, source_side)) return true;
  return false;
}

TrafficSelector host_selector(const esp::FlowKey& flow, bool source_side) {
  const IpAddress& addr = source_side ? flow.src : flow.dst;
  TrafficSelector ts{addr, addr, flow.protocol, 0, 0xffff};
  if (flow.ports_known) {
    const std::uint16_t port = source_side ? flow.src_port : flow.dst_port;
    ts.start_port = ts.end_port = port;
  }
  return ts;
}

}  // namespace oakley::dataplane
