// The per-SA ESP logic around the transforms: outbound sequence numbers that never wrap, and the
// inbound order of checks (replay pre-check, ICV, trailer, replay window update, next header for
// the mode, inner length so TFC padding goes). Shared by the data path (several worker threads
// per SA), the tests and the fuzz harness.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>

#include "common/bytes.hpp"
#include "dataplane/counters.hpp"
#include "dataplane/esp/esp_crypto.hpp"
#include "dataplane/esp/iv_source.hpp"
#include "dataplane/esp/packet_buffer.hpp"
#include "dataplane/esp/replay_window.hpp"
#include "dataplane/esp/transform.hpp"
#include "dataplane/types.hpp"

namespace oakley::dataplane::esp {

struct EspSaParams {
  std::uint32_t spi = 0;
  Mode mode = Mode::kTunnel;
  bool esn = false;
};

// Outbound sequence numbers, shared by all threads sending on the SA. The counter stops at the
// end of the space (2^32 - 1, or 2^64 - 1 with ESN) instead of wrapping (RFC 4303 3.3.3).
class OutboundSequence {
 public:
  explicit OutboundSequence(std::uint64_t last_used = 0) : last_(last_used) {}
  // The next number, or nullopt once the space is used up.
  std::optional<std::uint64_t> next(bool esn);
  std::uint64_t last() const { return last_.load(std::memory_order_relaxed); }
  static constexpr std::uint64_t limit(bool esn) { return esn ? ~std::uint64_t{0} : 0xffffffffu; }

 private:
  std::atomic<std::uint64_t> last_;
};

// The receive window of an inbound SA, shared by all threads receiving on it. The lock is held for
// the few nanoseconds of a bitmap test or update, never around crypto.
class InboundReplay {
 public:
  explicit InboundReplay(std::uint32_t window, std::uint64_t top = 0) : window_(window, top) {}
  std::optional<std::uint64_t> check(std::uint32_t seq_lo, bool esn) const {
    std::lock_guard lock(mutex_);
    return window_.check(seq_lo, esn);
  }
  bool accept(std::uint64_t seq) {
    std::lock_guard lock(mutex_);
    return window_.accept(seq);
  }
  std::uint64_t top() const {
    std::lock_guard lock(mutex_);
    return window_.top();
  }

 private:
  mutable std::mutex mutex_;
  ReplayWindow window_;
};

struct OutboundResult {
  DropReason reason = DropReason::kNone;
  std::uint64_t seq = 0;
};

// Encapsulates the packet's contents with the SA's next sequence number. Tunnel mode: the packet is
// the inner IP packet (next header 4 or 41, from its version). Transport mode: the packet is what
// follows the IP header and `next_header` is the protocol it carries.
OutboundResult esp_outbound(EspCrypto& crypto, const EspSaParams& sa, OutboundSequence& sequence,
                            IvSource& ivs, std::uint8_t next_header, PacketBuffer& packet);

struct InboundResult {
  DropReason reason = DropReason::kNone;
  std::uint64_t seq = 0;
  std::uint8_t next_header = 0;
  std::size_t payload_offset = 0;  // within the ESP packet
  std::size_t payload_length = 0;  // tunnel mode: the inner packet without TFC padding
  bool ok() const { return reason == DropReason::kNone; }
};

// The inbound path of an ESP packet (SPI .. ICV) whose SPI selected this SA.
InboundResult esp_inbound(EspCrypto& crypto, const EspSaParams& sa, InboundReplay& replay,
                          MutableByteView packet);

}  // namespace oakley::dataplane::esp
