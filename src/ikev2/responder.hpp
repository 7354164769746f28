// An exchange the peer initiates, as one object per exchange type: the other half of Task
// (task.hpp). The engine does what every request needs (message ID, retransmits, decryption,
// payload rules, the SA's state) and hands the request to the exchange type's Responder. What
// the responder decides comes back as a Reply, a value: the response to send, whether the IKE SA
// ends with it, or work for a worker first. The engine carries it out, so a responder never
// sends, defers or deletes by itself, and its effects can be read off its return statements.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/bytes.hpp"
#include "wire/ikev2/message.hpp"

namespace oakley::ikev2 {

class IkeSa;
using Payloads = std::vector<wire::ikev2::Payload>;

// A request as a responder sees it: its header, and its payloads after decryption and the
// payload rules (payload_rules.hpp).
struct Request {
  const wire::ikev2::Header& header;
  const Payloads& payloads;
  std::uint32_t message_id() const { return header.message_id; }
};

struct Reply {
  enum class Kind {
    kSend,      // send `payloads` as the response (then `end`, then `after_sent`)
    kDeferred,  // run `work` on a worker, then `then` on the loop if the SA still exists
    kNothing,   // no response (the request is dropped; the peer retransmits or gives up)
  };
  // The IKE SA ends once the response is out: its CHILD_SAs go with it.
  struct End {
    std::string why;
    bool failed = true;
    bool closed_by_peer = false;  // the peer deleted it: close_action applies to the children
  };

  Kind kind = Kind::kNothing;
  Payloads payloads;
  std::optional<End> end;
  // IKE_SA_INIT refused after its SA was made: answered like the stateless refusals (responder
  // SPI zero, not kept for retransmits).
  bool stateless = false;
  // The exchange's own state that may change only after the response left under the old keys
  // (IKE_INTERMEDIATE's key update).
  std::function<void(IkeSa&)> after_sent;
  std::function<void()> work;
  std::function<Reply(IkeSa&)> then;

  static Reply send(Payloads payloads) {
    Reply r;
    r.kind = Kind::kSend;
    r.payloads = std::move(payloads);
    return r;
  }
  // An error notify as the whole response.
  static Reply error(wire::ikev2::NotifyType type, Bytes data = {}) {
    return send(
        {wire::ikev2::Payload{wire::ikev2::NotifyPayload::of(type, std::move(data)), false}});
  }
  static Reply deferred(std::function<void()> work, std::function<Reply(IkeSa&)> then) {
    Reply r;
    r.kind = Kind::kDeferred;
    r.work = std::move(work);
    r.then = std::move(then);
    return r;
  }
  static Reply nothing() { return {}; }

  // This response ends the IKE SA.
  Reply ending_sa(std::string why, bool failed, bool closed_by_peer = false) && {
    end = End{std::move(why), failed, closed_by_peer};
    return std::move(*this);
  }
  Reply as_stateless() && {
    stateless = true;
    return std::move(*this);
  }
  Reply then_after_sent(std::function<void(IkeSa&)> f) && {
    after_sent = std::move(f);
    return std::move(*this);
  }
};

class Responder {
 public:
  virtual ~Responder() = default;
  virtual std::string_view name() const = 0;
  virtual wire::ikev2::ExchangeType exchange() const = 0;
  // Whether the SA's state admits a request of this exchange type; otherwise the engine logs it
  // as unexpected and drops it.
  virtual bool accepts(const IkeSa& sa) const = 0;
  virtual Reply respond(IkeSa& sa, const Request& request) = 0;
};

}  // namespace oakley::ikev2
