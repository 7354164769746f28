#include "dataplane/worker_context.hpp"

namespace oakley::dataplane {

namespace {
std::uint64_t get(const std::atomic<std::uint64_t>& c) {
  return c.load(std::memory_order_relaxed);
}
}  // namespace

void WorkerStats::add_to(DataplaneStats& s) const {
  s.packets_in += get(packets_in);
  s.bytes_in += get(bytes_in);
  s.packets_out += get(packets_out);
  s.bytes_out += get(bytes_out);
  s.acquires += get(acquires);
  s.ike_packets += get(ike_packets);
  s.keepalives += get(keepalives);
  for (std::size_t i = 0; i < kDropReasonCount; ++i)
    s.drops[i] += get(drops[i]);
}

}  // namespace oakley::dataplane
