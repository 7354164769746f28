// Rekeying the IKE SA with CREATE_CHILD_SA (RFC 7296 1.3.2, 2.18): a new IKE SA with fresh SPIs
// and keys from SK_d and a new DH, the CHILD_SAs move over, the old SA is deleted by the rekey's
// initiator; simultaneous rekeys resolved by nonces (2.8.1, 2.25.2).
#pragma once

#include <memory>

#include "crypto/dh.hpp"
#include "ike/proposal.hpp"
#include "ikev2/exchanges/dh_preparation.hpp"
#include "ikev2/task.hpp"

namespace oakley::ikev2 {

class Engine;

class IkeRekeyTask final : public Task {
 public:
  explicit IkeRekeyTask(Engine& engine) : engine_(engine) {}
  std::string_view name() const override { return "IKE_REKEY"; }
  wire::ikev2::ExchangeType exchange() const override {
    return wire::ikev2::ExchangeType::kCreateChildSa;
  }
  std::function<void()> prepare_for(IkeSa& sa) override;
  Result<Payloads> build_request(IkeSa& sa) override;
  Step process_response(IkeSa& sa, const Payloads& payloads, ByteView raw) override;
  void abort(IkeSa& sa, std::string_view why) override;

 private:
  Step fail(IkeSa& sa, const std::string& why);

  Engine& engine_;
  DhId group_ = DhId::kNone;
  std::unique_ptr<crypto::DhKeyPair> dh_;
  DhPreparation prepared_;  // dh_ generated on a worker (background_preparation)
  std::uint64_t new_spi_i_ = 0;
  Bytes nonce_i_;
  std::vector<ike::Proposal> offered_;
};

std::unique_ptr<Task> make_ike_rekey_task(Engine& engine);

void respond_ike_rekey(Engine& engine, IkeSa& sa, std::uint32_t message_id,
                       const Payloads& payloads);

}  // namespace oakley::ikev2
