// One IKEv1 exchange (Main Mode, Aggressive Mode, one Quick Mode), in either role, as a small type
// that says which payloads to send and what a received message means. The engine owns what all
// exchanges share: cookies and message IDs, encryption and the IV chain, retransmission, the
// answer cache for retransmitted messages, and the worker pool for DH.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/ip_address.hpp"
#include "common/result.hpp"
#include "ike/diagnosis/evidence.hpp"
#include "ikev1/payload_rules.hpp"
#include "wire/ikev1/message.hpp"

namespace oakley::config {
struct Child;
}

namespace oakley::ikev1 {

class IsakmpSa;
struct Phase1Transform;
using Payloads = std::vector<wire::ikev1::Payload>;

// A received message as an exchange sees it, after decryption.
struct Inbound {
  const wire::ikev1::Header& header;
  const Payloads& payloads;
  ByteView plain;  // the buffer the payload offsets refer to (decrypted body or the datagram)
  bool encrypted = false;
  Endpoint local, remote;
};

// A message to send. `fill_hash` computes the first payload (HASH) over the encoded payloads
// after it: Quick Mode HASH(1)/HASH(2) and the informational HASH(1) (RFC 2409 5.5, 5.7).
struct Outbound {
  Payloads payloads;
  bool encrypt = false;
  std::function<Result<Bytes>(ByteView after_hash)> fill_hash;
};

struct Outcome {
  enum class Kind : std::uint8_t {
    kSend,      // send `out`, then `after`
    kFinished,  // the exchange is complete; nothing to send
    kFailed,    // the exchange failed: send `notify` (if set), tell the operator `reason`
    kIgnore,    // the message was not acceptable; keep waiting for a good one
    kDeferred,  // run `work` on a worker, then `then` on the loop
  };
  enum class After : std::uint8_t {
    kAwaitReply,  // retransmit until the peer's next message arrives
    kAwaitPeer,   // the peer drives the exchange; answer its retransmits from the cache
    kFinished,    // this was the exchange's last message
  };
  Kind kind = Kind::kFinished;
  Outbound out;
  After after = After::kAwaitPeer;
  std::optional<wire::ikev1::NotifyType> notify;
  Bytes notify_spi;  // Quick Mode refusals name the initiator's SPI (protocol ESP)
  std::string reason;
  std::function<void()> work;
  std::function<Outcome(IsakmpSa&)> then;

  static Outcome send(Outbound o, After a) {
    Outcome r;
    r.kind = Kind::kSend;
    r.out = std::move(o);
    r.after = a;
    return r;
  }
  static Outcome finished() { return Outcome{}; }
  static Outcome failed(std::string why,
                        std::optional<wire::ikev1::NotifyType> notify = std::nullopt) {
    Outcome r;
    r.kind = Kind::kFailed;
    r.reason = std::move(why);
    r.notify = notify;
    return r;
  }
  static Outcome ignore(std::string why) {
    Outcome r;
    r.kind = Kind::kIgnore;
    r.reason = std::move(why);
    return r;
  }
  static Outcome deferred(std::function<void()> work, std::function<Outcome(IsakmpSa&)> then) {
    Outcome r;
    r.kind = Kind::kDeferred;
    r.work = std::move(work);
    r.then = std::move(then);
    return r;
  }
};

// What an exchange that negotiates an IPsec SA (Quick Mode, either role) tells the engine.
struct ChildInFlight {
  bool we_initiate = false;
  const config::Child* child = nullptr;  // a responder knows it only after QM1
  std::size_t pair = 0;                  // which selector pair of the child
};

class Exchange {
 public:
  virtual ~Exchange() = default;
  virtual std::string_view name() const = 0;
  virtual wire::ikev1::ExchangeType type() const = 0;
  // The message this exchange waits for; its payloads are checked against payload_rules first.
  virtual MessageKind expected() const = 0;
  // Initiators: the first message.
  virtual Outcome start(IsakmpSa& sa) {
    (void)sa;
    return Outcome::failed("this exchange cannot be started by us");
  }
  virtual Outcome on_message(IsakmpSa& sa, const Inbound& in) = 0;
  // An encrypted message that does not decrypt to a payload chain: for Main Mode message 5 the
  // usual cause is a pre-shared key that differs between the peers.
  virtual Outcome on_undecryptable(IsakmpSa& sa, const std::string& why) {
    (void)sa;
    return Outcome::ignore(why);
  }
  // After the last message was sent or processed.
  virtual void on_finished(IsakmpSa& sa) { (void)sa; }
  // The exchange will not complete (failure, no answer, the SA goes away).
  virtual void abort(IsakmpSa& sa, std::string_view why) {
    (void)sa;
    (void)why;
  }

  // What the engine asks of any exchange, answered by the kinds it concerns; the defaults say
  // "not me". They keep the engine from having to know which exchange class it holds.
  //
  // The IPsec SA being negotiated: for acquires already under way, collisions between the two
  // directions, and the child a failure event names.
  virtual std::optional<ChildInFlight> child_in_flight() const { return std::nullopt; }
  // Whether an error notify naming this SPI (of either direction) is about this exchange.
  virtual bool names_spi(std::uint32_t spi) const {
    (void)spi;
    return false;
  }
  // Two Quick Modes for the same selectors crossed (see Engine::note_quick_mode).
  virtual void mark_collided() {}
  // Phase 1 initiators: what we offered, for the log and diagnose when the peer refuses it.
  virtual const std::vector<Phase1Transform>* offered_phase1() const { return nullptr; }
  // Our initiators: what the peer's refusal with `notify` says, for diagnose.
  virtual std::optional<ike::diagnosis::Failure> refused_with(
      wire::ikev1::NotifyType notify) const {
    (void)notify;
    return std::nullopt;
  }

  // The engine tells the exchange its message ID before the first message.
  void bind(std::uint32_t message_id) { mid_ = message_id; }
  std::uint32_t message_id() const { return mid_; }

 private:
  std::uint32_t mid_ = 0;
};

}  // namespace oakley::ikev1
