// The SA side of the data plane's tables. The packet path reads an immutable Snapshot (SAs by
// inbound SPI, outbound SAs by reqid, the policies) that is rebuilt as a whole after changes (by
// the first worker to look), so workers take no lock per packet. What changes per packet (sequence
// numbers, replay window, counters) lives in SaState, shared by every snapshot that holds the SA.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

#include "common/result.hpp"
#include "dataplane/counters.hpp"
#include "dataplane/esp/esp_crypto.hpp"
#include "dataplane/esp/esp_sa.hpp"
#include "dataplane/policy_table.hpp"
#include "dataplane/types.hpp"

namespace oakley::dataplane {

// Mutable per-SA state, shared by all threads and snapshots.
class SaState {
 public:
  // One crypto context per worker slot: OpenSSL contexts are not thread-safe.
  static Result<std::shared_ptr<SaState>> create(const SaConfig& config, unsigned slots);

  esp::EspCrypto& crypto(unsigned slot) { return *crypto_[slot]; }
  esp::OutboundSequence& sequence() { return sequence_; }
  esp::InboundReplay& replay() { return replay_; }

  // Packets/bytes carried so far (what the lifetime limits compare against).
  std::uint64_t packets() const { return packets_.load(std::memory_order_relaxed); }
  std::uint64_t bytes() const { return bytes_.load(std::memory_order_relaxed); }
  void count(std::size_t bytes) {
    packets_.fetch_add(1, std::memory_order_relaxed);
    bytes_.fetch_add(bytes, std::memory_order_relaxed);
  }
  void count_error(DropReason r) {
    errors_[static_cast<std::size_t>(r)].fetch_add(1, std::memory_order_relaxed);
  }
  SaCounters counters() const;

  // Each event fires once per SA: the first caller gets true.
  bool fire_soft() { return !soft_fired_.exchange(true); }
  bool fire_hard() { return !hard_fired_.exchange(true); }
  bool fire_overflow() { return !overflow_fired_.exchange(true); }
  bool hard_expired() const { return hard_fired_.load(std::memory_order_relaxed); }

 private:
  SaState(const SaConfig& config);

  std::vector<std::unique_ptr<esp::EspCrypto>> crypto_;
  esp::OutboundSequence sequence_;
  esp::InboundReplay replay_;
  std::atomic<std::uint64_t> packets_{0};
  std::atomic<std::uint64_t> bytes_{0};
  std::array<std::atomic<std::uint64_t>, kDropReasonCount> errors_{};
  std::atomic<bool> soft_fired_{false};
  std::atomic<bool> hard_fired_{false};
  std::atomic<bool> overflow_fired_{false};
};

// An installed SA as the packet path sees it. Immutable: update_sa() builds a new entry that
// shares the old one's state.
struct SaEntry {
  SaId id;
  std::uint32_t reqid = 0;
  esp::EspSaParams esp;
  SaAlgorithms algorithms;
  IpAddress local;
  IpAddress remote;
  std::optional<UdpEncapsulation> udp_encap;
  SaLimit soft_limit;
  SaLimit hard_limit;
  std::vector<TrafficSelector> local_ts;
  std::vector<TrafficSelector> remote_ts;
  std::uint64_t install_order = 0;  // newer outbound SAs of a reqid win (make-before-break)
  std::shared_ptr<SaState> state;
};

// Builds an entry (and its state with keyed crypto contexts) from an SA description.
Result<std::shared_ptr<const SaEntry>> make_sa_entry(const SaConfig& config, unsigned slots,
                                                     std::uint64_t install_order);
// A copy of `old` with the addresses and encapsulation of `config` (same state).
Result<std::shared_ptr<const SaEntry>> updated_sa_entry(const SaEntry& old, const SaConfig& config);

struct Snapshot {
  std::unordered_map<std::uint32_t, std::shared_ptr<const SaEntry>> inbound;   // by SPI
  std::unordered_map<std::uint32_t, std::shared_ptr<const SaEntry>> outbound;  // by reqid, newest
  PolicyTable policies;
};

}  // namespace oakley::dataplane
