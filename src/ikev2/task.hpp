// An exchange we initiate, as one step of an IKE SA's queue. The queue (engine) owns message IDs,
// encryption, retransmission and ordering; a task only says which payloads to send and what the
// answer means. Expensive work (DH) is handed back as a deferred step that runs on a worker.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "ike/completions.hpp"
#include "wire/ikev2/message.hpp"

namespace oakley::ikev2 {

class IkeSa;
using Payloads = std::vector<wire::ikev2::Payload>;

struct Step {
  enum class Kind { kDone, kResend, kFailed, kDeferred, kDeleteSa };
  // kFailed: what the peer is told at once, before the failure is handled (RFC 7296 2.21.2: an
  // initiator that rejects the responder's IKE_AUTH, which already holds the SA as up).
  enum class Notice { kNone, kAuthFailed, kDeleteIke };
  Kind kind = Kind::kDone;
  std::string reason;          // kFailed: why, in words
  std::function<void()> work;  // kDeferred: runs on a worker thread
  std::function<Step(IkeSa&)>
      then;  // kDeferred: runs on the loop afterwards, if the SA still exists
  Notice notice = Notice::kNone;

  static Step done() { return {}; }
  // Build and send this task's request again (new message ID): COOKIE and INVALID_KE retries.
  static Step resend() { return {Kind::kResend, {}, {}, {}}; }
  static Step failed(std::string why) { return {Kind::kFailed, std::move(why), {}, {}}; }
  // The exchange ended the IKE SA (e.g. its DELETE was answered): the engine removes it.
  static Step delete_sa(std::string why) { return {Kind::kDeleteSa, std::move(why), {}, {}}; }
  Step telling_peer(Notice n) && {
    notice = n;
    return std::move(*this);
  }
  static Step deferred(std::function<void()> work, std::function<Step(IkeSa&)> then) {
    return {Kind::kDeferred, {}, std::move(work), std::move(then)};
  }
};

class Task {
 public:
  virtual ~Task() = default;
  virtual std::string_view name() const = 0;
  virtual wire::ikev2::ExchangeType exchange() const = 0;
  // IKE_SA_INIT is the only exchange sent in the clear.
  virtual bool encrypted() const { return true; }
  // Work to do on a worker before build_request (e.g. generating a DH key pair for PFS). It must
  // not touch the task or the SA, which may be gone when it runs: it writes into state it shares
  // with the task (see DhPreparation). Asked once per task; empty = nothing to do.
  virtual std::function<void()> background_preparation() { return {}; }
  // The same for tasks that must look at the SA to decide (called on the loop; the work itself
  // must not keep references to the SA or the task).
  virtual std::function<void()> prepare_for(IkeSa& sa) {
    (void)sa;
    return background_preparation();
  }
  // Whether this exchange creates a new CHILD_SA of the child config named `child` (a rekey
  // does not count): a trap hit for that child must not start another.
  virtual bool creates_child(std::string_view child) const {
    (void)child;
    return false;
  }
  // A task that creates a CHILD_SA (creates_child) also reports how that ends to the operator's
  // `done`, and takes it; any other task returns false and leaves `done` alone.
  using Completion = ike::Completions::Completion;
  virtual bool also_report_to(Completion& done) {
    (void)done;
    return false;
  }
  // An exchange about the SA's CHILD_SAs (create, rekey, delete): when they move to the successor
  // of a rekeyed IKE SA before it started, it moves with them (the old SA is about to go).
  virtual bool follows_children() const { return false; }
  virtual Result<Payloads> build_request(IkeSa& sa) = 0;
  // `payloads` are the decrypted inner payloads (or the plain ones of IKE_SA_INIT); `raw` the
  // whole message as received.
  virtual Step process_response(IkeSa& sa, const Payloads& payloads, ByteView raw) = 0;
  // The exchange will not complete: no answer after all retransmissions, or the SA goes away.
  virtual void abort(IkeSa& sa, std::string_view why) {
    (void)sa;
    (void)why;
  }
};

}  // namespace oakley::ikev2
