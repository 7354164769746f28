// What one packet-processing thread keeps to itself: its crypto slot, its IV source, the table
// snapshot it is working from, and its counters (written only by this thread, summed by stats()).
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>

#include "dataplane/counters.hpp"
#include "dataplane/esp/iv_source.hpp"
#include "dataplane/sa_table.hpp"

namespace oakley::dataplane {

class WorkerStats {
 public:
  // Single writer: a plain load + store, no locked read-modify-write on the packet path.
  static void add(std::atomic<std::uint64_t>& c, std::uint64_t n) {
    c.store(c.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
  }
  void drop(DropReason r) { add(drops[static_cast<std::size_t>(r)], 1); }
  void add_to(DataplaneStats& s) const;

  std::atomic<std::uint64_t> packets_in{0};
  std::atomic<std::uint64_t> bytes_in{0};
  std::atomic<std::uint64_t> packets_out{0};
  std::atomic<std::uint64_t> bytes_out{0};
  std::atomic<std::uint64_t> acquires{0};
  std::atomic<std::uint64_t> ike_packets{0};
  std::atomic<std::uint64_t> keepalives{0};
  std::array<std::atomic<std::uint64_t>, kDropReasonCount> drops{};
};

class WorkerContext {
 public:
  explicit WorkerContext(unsigned slot) : slot_(slot) {}
  WorkerContext(const WorkerContext&) = delete;
  WorkerContext& operator=(const WorkerContext&) = delete;

  unsigned slot() const { return slot_; }
  esp::IvSource& ivs() { return ivs_; }
  WorkerStats& stats() { return stats_; }
  const WorkerStats& stats() const { return stats_; }
  const Snapshot& snapshot() const { return *snapshot_; }

 private:
  friend class Datapath;
  unsigned slot_;
  esp::IvSource ivs_;
  std::shared_ptr<const Snapshot> snapshot_ = std::make_shared<Snapshot>();
  std::uint64_t generation_ = 0;
  WorkerStats stats_;
};

}  // namespace oakley::dataplane
