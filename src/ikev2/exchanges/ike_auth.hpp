// IKE_AUTH (RFC 7296 1.2, 2.15): identities, AUTH (pre-shared key or certificate signature, see
// authentication.hpp) over the IKE_SA_INIT message, the first CHILD_SA, INITIAL_CONTACT;
// AUTHENTICATION_FAILED when the key, the certificate or the identities do not fit, with the
// reason in the log.
#pragma once

#include <functional>
#include <memory>
#include <optional>

#include "ike/identity.hpp"
#include "ikev2/exchanges/child_negotiation.hpp"
#include "ikev2/ike_sa.hpp"
#include "ikev2/responder.hpp"
#include "ikev2/task.hpp"

namespace oakley::ikev2 {

class ExchangeContext;
struct OurSignatureJob;

class IkeAuthTask final : public Task {
 public:
  IkeAuthTask(ExchangeContext& ctx, const config::Child* child, std::optional<ike::WireId> local_id)
      : ctx_(ctx), child_(child), local_id_override_(std::move(local_id)) {}
  std::string_view name() const override { return "IKE_AUTH"; }
  wire::ikev2::ExchangeType exchange() const override {
    return wire::ikev2::ExchangeType::kIkeAuth;
  }
  // Before the request, on a worker: our signature, and our OCSP response for a peer that asked
  // for it (RFC 4806).
  std::function<void()> prepare_for(IkeSa& sa) override;
  bool creates_child(std::string_view child) const override {
    return child_ && child_->name == child;
  }
  Result<Payloads> build_request(IkeSa& sa) override;
  Step process_response(IkeSa& sa, const Payloads& payloads, ByteView raw) override;
  void abort(IkeSa& sa, std::string_view why) override;

 private:
  Step after_peer_auth(IkeSa& sa, Result<std::string> how, const ike::WireId& peer,
                       const Payloads& payloads);
  Step finish_child(IkeSa& sa, const Payloads& payloads);
  // Our identity for this IKE SA (and the IntAuth AUTH covers), into the SA.
  Status choose_local_id(IkeSa& sa);

  ExchangeContext& ctx_;
  const config::Child* child_;
  std::optional<ike::WireId> local_id_override_;
  std::optional<ChildOffer> offer_;
  std::shared_ptr<std::optional<Bytes>> own_ocsp_ = std::make_shared<std::optional<Bytes>>();
  std::shared_ptr<OurSignatureJob> signing_;  // made by prepare_for's worker job
};

// The peer's IKE_AUTH on a half-open SA: the connection by identities, the peer's AUTH checked and
// ours made on a worker, then the first CHILD_SA.
class IkeAuthResponder final : public Responder {
 public:
  explicit IkeAuthResponder(ExchangeContext& ctx) : ctx_(ctx) {}
  std::string_view name() const override { return "IKE_AUTH"; }
  wire::ikev2::ExchangeType exchange() const override {
    return wire::ikev2::ExchangeType::kIkeAuth;
  }
  bool accepts(const IkeSa& sa) const override {
    return sa.state == IkeState::kCreated && !sa.original_initiator;
  }
  Reply respond(IkeSa& sa, const Request& request) override;

 private:
  Reply authenticate(IkeSa& sa, const config::Connection& conn, const ike::WireId& peer,
                     const wire::ikev2::IdPayload& idi, const Payloads& payloads);

  ExchangeContext& ctx_;
};

}  // namespace oakley::ikev2
