// RFC 9370 2.2.4: additional key exchanges after a CREATE_CHILD_SA (IKE SA rekey, new or rekeyed
// CHILD_SA with PFS). The CREATE_CHILD_SA negotiates ADDKE1..7 and carries the first key exchange;
// the responder's answer adds N(ADDITIONAL_KEY_EXCHANGE) with link data of its choosing; then one
// IKE_FOLLOWUP_KE exchange per additional key exchange, each request echoing the last link, each
// response but the last giving a new one. The new keys use every shared secret, in order:
//   IKE rekey:  SKEYSEED = prf(SK_d, SK(0) | Ni | Nr | SK(1) | ... | SK(n))
//   CHILD_SA:   KEYMAT   = prf+(SK_d, SK(0) | Ni | Nr | SK(1) | ... | SK(n))
// The initiator's half (FollowupInitiator) runs inside the creating task as further steps; the
// responder keeps at most one chain per IKE SA (IkeSa::followup), with random link data and a
// timeout.
#pragma once

#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <string>

#include "common/result.hpp"
#include "common/secret.hpp"
#include "common/timer_service.hpp"
#include "crypto/dh.hpp"
#include "ike/proposal.hpp"
#include "ikev2/followup_state.hpp"
#include "ikev2/ike_sa.hpp"
#include "ikev2/responder.hpp"
#include "ikev2/task.hpp"

namespace oakley::ikev2 {

class ExchangeContext;

// How long a responder waits for the next IKE_FOLLOWUP_KE request (RFC 9370 suggests 5-20 s).
inline constexpr std::chrono::seconds kFollowupTimeout{20};
inline constexpr std::size_t kFollowupLinkSize = 16;

wire::ikev2::Payload additional_ke_notify(Bytes link);
// The data of N(ADDITIONAL_KEY_EXCHANGE), or nullptr without one.
const Bytes* find_followup_link(const Payloads& payloads);

// ----- initiator ---------------------------------------------------------------------------

// A worker's part of one step: the shared secret of the exchange just answered, and the key pair
// of the next one. It owns everything it touches (the task may be gone when it runs).
struct FollowupJob {
  std::unique_ptr<crypto::DhKeyPair> ours;  // null: that exchange had no key exchange (no PFS)
  Bytes peer_public;
  DhId next = DhId::kNone;  // the next exchange's group; kNone when none follows
  Result<SecretBytes> shared = make_error("not computed");
  std::unique_ptr<crypto::DhKeyPair> next_pair;
  void run();
};

class FollowupInitiator {
 public:
  // After the CREATE_CHILD_SA response: the additional key exchanges of the chosen proposal. An
  // error when some were chosen but the response carries no link data.
  Status start(const ike::Proposal& chosen, const Payloads& response);
  // IKE_FOLLOWUP_KE exchanges are (still) to be sent: the task's exchange type is 44.
  bool in_chain() const { return !groups_.empty(); }
  // The worker job for the step that just got its answer (`ours` and the peer's public value of
  // that exchange).
  std::shared_ptr<FollowupJob> job(std::unique_ptr<crypto::DhKeyPair> ours, Bytes peer_public);
  // On the loop after the job of an IKE_FOLLOWUP_KE answer: keeps SK(n) and the next key pair.
  Status adopt(FollowupJob& job, bool counts_as_additional);
  // The next IKE_FOLLOWUP_KE request: KEi(n) and the link.
  Result<Payloads> build_request() const;
  // An IKE_FOLLOWUP_KE response: its KE checked against the exchange's group; the job that
  // computes SK(n).
  Result<std::shared_ptr<FollowupJob>> on_response(const Payloads& response);
  const SecretBytes& secrets() const { return secrets_; }  // SK(1) | ... | SK(n)
  int done() const { return done_; }
  int total() const { return done_ + static_cast<int>(groups_.size()); }

 private:
  std::deque<DhId> groups_;  // the current one first
  Bytes link_;
  std::unique_ptr<crypto::DhKeyPair> dh_;  // for groups_.front()
  SecretBytes secrets_;
  int done_ = 0;
};

// A responder's worker job for one key exchange: our key pair of the group, then the secret.
struct ResponderKeJob {
  DhId group{};
  Bytes peer_public;
  std::unique_ptr<crypto::DhKeyPair> dh;
  Result<SecretBytes> shared = make_error("not computed");
  void run();
};

// True while our active task sends IKE_FOLLOWUP_KE requests: its CREATE_CHILD_SA is answered but
// its SA not yet created (a colliding rekey cannot be resolved by nonces yet).
bool in_followup_chain(const IkeSa& sa);

// ----- responder ---------------------------------------------------------------------------

// Starts the chain of a CREATE_CHILD_SA being answered; returns the link for its response.
Bytes start_followup_responder(ExchangeContext& ctx, IkeSa& sa, std::vector<DhId> groups,
                               std::string what,
                               std::function<Status(IkeSa&, const SecretBytes&)> complete,
                               std::function<void()> dropped);
// Ends a pending chain (the half-built SA is never created); logs why.
void drop_followup(ExchangeContext& ctx, IkeSa& sa, std::string_view why);
// The peer's IKE_FOLLOWUP_KE requests: the next key exchange of the pending chain.
class FollowupKeResponder final : public Responder {
 public:
  explicit FollowupKeResponder(ExchangeContext& ctx) : ctx_(ctx) {}
  std::string_view name() const override { return "IKE_FOLLOWUP_KE"; }
  wire::ikev2::ExchangeType exchange() const override {
    return wire::ikev2::ExchangeType::kIkeFollowupKe;
  }
  bool accepts(const IkeSa& sa) const override {
    return sa.state != IkeState::kCreated && sa.state != IkeState::kConnecting &&
           sa.state != IkeState::kDeleting;
  }
  Reply respond(IkeSa& sa, const Request& request) override;

 private:
  ExchangeContext& ctx_;
};

}  // namespace oakley::ikev2
