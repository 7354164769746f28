// IKE_SA_INIT (RFC 7296 1.2): proposal selection, the DH exchange and nonces, NAT detection
// (2.23), cookies (2.6), INVALID_KE_PAYLOAD retry (1.2) and the fragmentation offer (RFC 7383).
#pragma once

#include <optional>
#include <vector>

#include "common/ip_address.hpp"
#include "config/config.hpp"
#include "ike/proposal.hpp"
#include "ikev2/responder.hpp"
#include "ikev2/task.hpp"

namespace oakley::ikev2 {

class ExchangeContext;

class IkeSaInitTask final : public Task {
 public:
  explicit IkeSaInitTask(ExchangeContext& ctx) : ctx_(ctx) {}
  std::string_view name() const override { return "IKE_SA_INIT"; }
  wire::ikev2::ExchangeType exchange() const override {
    return wire::ikev2::ExchangeType::kIkeSaInit;
  }
  bool encrypted() const override { return false; }
  Result<Payloads> build_request(IkeSa& sa) override;
  Step process_response(IkeSa& sa, const Payloads& payloads, ByteView raw) override;

 private:
  Step on_error_notify(IkeSa& sa, const Payloads& payloads);

  ExchangeContext& ctx_;
  std::vector<ike::Proposal> offered_;
  int cookie_retries_ = 0;
  int ke_retries_ = 0;
};

// An IKE_SA_INIT request that belongs to no SA yet, and where it arrived.
struct InitRequest {
  const wire::ikev2::Message& message;
  ByteView raw;
  Endpoint local, remote;
};

// The answer: nothing (dropped under load), a stateless refusal that creates no SA (COOKIE,
// INVALID_KE_PAYLOAD, NO_PROPOSAL_CHOSEN, INVALID_SYNTAX), or the half-open SA made for the
// request with the Reply the engine carries out on it.
struct InitReply {
  std::optional<Payloads> stateless;
  IkeSa* sa = nullptr;
  Reply reply;

  static InitReply stateless_error(wire::ikev2::NotifyType type, Bytes data = {}) {
    return {Reply::error(type, std::move(data)).payloads, nullptr, Reply::nothing()};
  }
};

// The responder of IKE_SA_INIT: the Responder of the one exchange that comes before any SA
// (responder.hpp), so it answers a request rather than an SA's request.
class IkeSaInitResponder {
 public:
  explicit IkeSaInitResponder(ExchangeContext& ctx) : ctx_(ctx) {}
  InitReply respond(const InitRequest& request);

 private:
  InitReply for_connection(const InitRequest& request, const config::Connection& conn);
  InitReply half_open(const InitRequest& request, const config::Connection& conn,
                      const ike::Proposal& chosen, const wire::ikev2::KePayload& ke,
                      const wire::ikev2::NoncePayload& nonce);

  ExchangeContext& ctx_;
};

}  // namespace oakley::ikev2
