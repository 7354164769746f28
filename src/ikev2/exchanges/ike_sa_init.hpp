// IKE_SA_INIT (RFC 7296 1.2): proposal selection, the DH exchange and nonces, NAT detection
// (2.23), cookies (2.6), INVALID_KE_PAYLOAD retry (1.2) and the fragmentation offer (RFC 7383).
#pragma once

#include <vector>

#include "ike/proposal.hpp"
#include "ikev2/task.hpp"

namespace oakley::ikev2 {

class Engine;

class IkeSaInitTask final : public Task {
 public:
  explicit IkeSaInitTask(Engine& engine) : engine_(engine) {}
  std::string_view name() const override { return "IKE_SA_INIT"; }
  wire::ikev2::ExchangeType exchange() const override {
    return wire::ikev2::ExchangeType::kIkeSaInit;
  }
  bool encrypted() const override { return false; }
  Result<Payloads> build_request(IkeSa& sa) override;
  Step process_response(IkeSa& sa, const Payloads& payloads, ByteView raw) override;

 private:
  Step on_error_notify(IkeSa& sa, const Payloads& payloads);

  Engine& engine_;
  std::vector<ike::Proposal> offered_;
  int cookie_retries_ = 0;
  int ke_retries_ = 0;
};

// Answers an IKE_SA_INIT request that belongs to no SA yet.
void respond_ike_sa_init(Engine& engine, const wire::ikev2::Message& msg, ByteView raw,
                         const Endpoint& local, const Endpoint& remote);

}  // namespace oakley::ikev2
