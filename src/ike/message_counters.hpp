// IKE messages by exchange, direction and result, for the metrics endpoint. Each engine owns one
// and counts with one call per receive or send path; both versions share the type so the metrics
// code reads them alike.
//
// Results of a received message come from the engine's own counters: InboundCount copies them
// when a message arrives and, when the engine is done with it, asks the version's
// inbound_result(before, after) (found by argument-dependent lookup) which of them moved. So the
// receive path needs no counting call per early return, and a drop counted in EngineStats is
// counted here with the same meaning.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "common/bytes.hpp"

namespace oakley::ike {

enum class MessageDirection : std::uint8_t { kIn, kOut };

enum class MessageResult : std::uint8_t {
  kProcessed,      // in: accepted and handed to its exchange
  kInvalid,        // in: unparsable, failed integrity or decryption, wrong payloads or state
  kUnknownSa,      // in: no SA has these SPIs / cookies
  kUnexpectedId,   // in: message ID outside the window, or an unexpected response
  kReplay,         // in: IKEv1 message ID used before
  kRetransmit,     // in: the peer repeated a request (answered from the cache); out: we resent
  kBusy,           // in: dropped while a worker computed for the SA, or per-peer block threshold
  kHalfOpenLimit,  // in: IKE_SA_INIT dropped at init_limit_half_open
  kCookie,         // in: answered with a COOKIE demand, or carried a wrong cookie
  kFragment,       // in: an IKEv1 fragment kept for reassembly
  kSent,           // out: first transmission
  kCount,
};
inline constexpr std::size_t kMessageResultCount = static_cast<std::size_t>(MessageResult::kCount);
std::string_view message_result_name(MessageResult r);        // "processed", "invalid", ...
std::string_view message_direction_name(MessageDirection d);  // "in", "out"

class MessageCounters {
 public:
  // The exchanges of `ike_version` (1 or 2) get their own rows; any other exchange type a peer
  // sends is counted as "other", so no peer can add label values.
  explicit MessageCounters(int ike_version);

  int version() const { return version_; }
  // A datagram as received (its header names the exchange; too short: "other").
  void received(ByteView message, MessageResult result);
  // One message we sent (its first packet, when fragmented). `retransmissions` is the engine's
  // running count of retransmissions (sent and answered from the cache): the engine bumps it just
  // before it resends, so a change since the previous call marks this send as a retransmission.
  void sent(ByteView message, std::uint64_t retransmissions);

  struct Row {
    std::string_view exchange;
    MessageDirection direction;
    MessageResult result;
    std::uint64_t count;
  };
  // Every non-zero counter, ordered by exchange, direction, result.
  std::vector<Row> rows() const;

 private:
  static constexpr std::size_t kSlots = 7;  // the version's exchanges + "other"
  std::size_t slot_of(ByteView message) const;
  void add(std::size_t slot, MessageDirection d, MessageResult r);

  int version_;
  std::array<std::uint8_t, kSlots - 1> exchange_ids_{};
  std::array<std::string_view, kSlots> names_{};
  std::size_t known_ = 0;
  std::array<std::array<std::array<std::uint64_t, kMessageResultCount>, 2>, kSlots> counts_{};
  std::uint64_t last_retransmissions_ = 0;
};

// Counts one received message when it goes out of scope, with the result its engine's counters
// tell (see the file comment). `Stats` is the engine's EngineStats; inbound_result(const Stats&
// before, const Stats& after) must be declared in the Stats namespace.
template <class Stats>
class InboundCount {
 public:
  InboundCount(MessageCounters& counters, ByteView message, const Stats& stats)
      : counters_(counters), message_(message), stats_(stats), before_(stats) {}
  ~InboundCount() { counters_.received(message_, inbound_result(before_, stats_)); }
  InboundCount(const InboundCount&) = delete;
  InboundCount& operator=(const InboundCount&) = delete;

 private:
  MessageCounters& counters_;
  ByteView message_;  // the caller's datagram, alive for the whole receive path
  const Stats& stats_;
  Stats before_;
};

}  // namespace oakley::ike
