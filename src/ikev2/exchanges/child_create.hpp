// CREATE_CHILD_SA for CHILD_SAs (RFC 7296 1.3.1, 1.3.3): a new CHILD_SA, or the rekey of one
// (REKEY_SA notify), with or without PFS and RFC 9370 additional key exchanges (their
// IKE_FOLLOWUP_KE exchanges are further steps of the same task, followup_ke.hpp);
// make-before-break installation and the RFC 7296 2.8.1 rules for simultaneous rekeys. IKE SA
// rekeying is in ike_rekey.hpp.
#pragma once

#include <memory>
#include <optional>

#include "crypto/dh.hpp"
#include "ikev2/exchanges/child_negotiation.hpp"
#include "ikev2/exchanges/dh_preparation.hpp"
#include "ikev2/exchanges/followup_ke.hpp"
#include "ikev2/exchanges/ike_rekey.hpp"
#include "ikev2/responder.hpp"
#include "ikev2/task.hpp"

namespace oakley::ikev2 {

class ExchangeContext;

class ChildCreateTask final : public Task {
 public:
  // `rekeying`: the CHILD_SA this one replaces, or nullptr for a new one.
  ChildCreateTask(ExchangeContext& ctx, const config::Child& child, std::uint32_t rekeying_id,
                  std::optional<std::pair<TrafficSelector, TrafficSelector>> trigger)
      : ctx_(ctx), child_(child), rekeying_id_(rekeying_id), trigger_(std::move(trigger)) {}
  std::string_view name() const override { return rekeying_id_ ? "CHILD_REKEY" : "CHILD_CREATE"; }
  wire::ikev2::ExchangeType exchange() const override {
    return followup_.in_chain() ? wire::ikev2::ExchangeType::kIkeFollowupKe
                                : wire::ikev2::ExchangeType::kCreateChildSa;
  }
  std::function<void()> background_preparation() override;
  bool creates_child(std::string_view child) const override {
    return rekeying_id_ == 0 && child_.name == child;
  }
  bool also_report_to(Completion& done) override;
  bool follows_children() const override { return true; }
  Result<Payloads> build_request(IkeSa& sa) override;
  Step process_response(IkeSa& sa, const Payloads& payloads, ByteView raw) override;
  void abort(IkeSa& sa, std::string_view why) override;

 private:
  Step fail(IkeSa& sa, const std::string& why);
  Step finish(IkeSa& sa, const ChildChoice& choice, ByteView g_ir);
  Step start_followups(IkeSa& sa, const ChildChoice& choice, const Payloads& payloads);
  Step process_followup(IkeSa& sa, const Payloads& payloads);
  void resolve_collision(IkeSa& sa, ChildSa& old_child, ChildSa& ours);
  void report(const Status& status);

  ExchangeContext& ctx_;
  const config::Child& child_;
  std::uint32_t rekeying_id_;
  std::optional<std::pair<TrafficSelector, TrafficSelector>> trigger_;
  DhId pfs_group_ = DhId::kNone;
  std::unique_ptr<crypto::DhKeyPair> dh_;
  DhPreparation prepared_;  // dh_ generated on a worker (background_preparation)
  Bytes nonce_i_, nonce_r_;
  std::optional<ChildOffer> offer_;
  int ke_retries_ = 0;
  // RFC 9370: the additional key exchanges after the CREATE_CHILD_SA, and what it settled.
  FollowupInitiator followup_;
  std::optional<ChildChoice> choice_;
  SecretBytes sk0_;  // the CREATE_CHILD_SA's own g^ir (empty without PFS)
  // The operator's completions waiting for a new CHILD_SA (a rekey reports to the completions
  // waiting on the CHILD_SA it replaces).
  std::vector<Completion> waiting_;
};

std::unique_ptr<Task> make_child_create_task(ExchangeContext& ctx, const config::Child& child,
                                             const ChildSa* rekeying);

// The peer's CREATE_CHILD_SA: a new CHILD_SA or the rekey of one; an IKE SA rekey goes to
// IkeRekeyResponder (ike_rekey.hpp).
class CreateChildSaResponder final : public Responder {
 public:
  explicit CreateChildSaResponder(ExchangeContext& ctx) : ctx_(ctx), ike_rekey_(ctx) {}
  std::string_view name() const override { return "CREATE_CHILD_SA"; }
  wire::ikev2::ExchangeType exchange() const override {
    return wire::ikev2::ExchangeType::kCreateChildSa;
  }
  bool accepts(const IkeSa& sa) const override {
    return sa.state == IkeState::kEstablished || sa.state == IkeState::kRekeying;
  }
  Reply respond(IkeSa& sa, const Request& request) override;

 private:
  Reply with_pfs(IkeSa& sa, ChildChoice choice, std::uint32_t old_id, const Payloads& payloads);

  ExchangeContext& ctx_;
  IkeRekeyResponder ike_rekey_;
};

}  // namespace oakley::ikev2
