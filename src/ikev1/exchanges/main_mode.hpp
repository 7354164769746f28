// Main Mode (RFC 2409 5, identity protection), six messages, with pre-shared keys (HASH) or
// signatures ([CERT] SIG instead of HASH, CERTREQ in MM3/MM4):
//   MM1 SA [VID]          →   ← MM2 SA (exactly the transform chosen) [VID]
//   MM3 KE Ni [NAT-D]     →   ← MM4 KE Nr [NAT-D]
//   MM5* IDii HASH_I [N]  →   ← MM6* IDir HASH_R
// The responder knows only the peer's address until MM5, so its connection and pre-shared key
// are chosen by address (ID and key are checked once MM5 arrives).
#pragma once

#include <memory>

#include "ikev1/exchange.hpp"
#include "ikev1/exchanges/phase1_auth.hpp"

namespace oakley::ikev1 {

class ExchangeContext;

class MainModeInitiator final : public Exchange {
 public:
  explicit MainModeInitiator(ExchangeContext& ctx) : ctx_(ctx) {}
  std::string_view name() const override { return "Main Mode"; }
  wire::ikev1::ExchangeType type() const override {
    return wire::ikev1::ExchangeType::kIdentityProtection;
  }
  MessageKind expected() const override { return expected_; }
  Outcome start(IsakmpSa& sa) override;
  Outcome on_message(IsakmpSa& sa, const Inbound& in) override;
  Outcome on_undecryptable(IsakmpSa& sa, const std::string& why) override;
  void on_finished(IsakmpSa& sa) override;
  const std::vector<Phase1Transform>* offered_phase1() const override { return &m_.offered; }

 private:
  Outcome on_mm2(IsakmpSa& sa, const Inbound& in);
  Outcome send_mm3(IsakmpSa& sa);
  Outcome on_mm4(IsakmpSa& sa, const Inbound& in);
  Outcome send_mm5(IsakmpSa& sa);
  Outcome on_mm6(IsakmpSa& sa, const Inbound& in);

  ExchangeContext& ctx_;
  MessageKind expected_ = MessageKind::kMm2;
  Phase1Material m_;
};

class MainModeResponder final : public Exchange {
 public:
  explicit MainModeResponder(ExchangeContext& ctx) : ctx_(ctx) {}
  std::string_view name() const override { return "Main Mode"; }
  wire::ikev1::ExchangeType type() const override {
    return wire::ikev1::ExchangeType::kIdentityProtection;
  }
  MessageKind expected() const override { return expected_; }
  Outcome on_message(IsakmpSa& sa, const Inbound& in) override;
  Outcome on_undecryptable(IsakmpSa& sa, const std::string& why) override;
  void on_finished(IsakmpSa& sa) override;

 private:
  Outcome on_mm1(IsakmpSa& sa, const Inbound& in);
  Outcome on_mm3(IsakmpSa& sa, const Inbound& in);
  Outcome send_mm4(IsakmpSa& sa);
  Outcome on_mm5(IsakmpSa& sa, const Inbound& in);
  Outcome send_mm6(IsakmpSa& sa, const wire::ikev1::IdPayload& id);

  ExchangeContext& ctx_;
  MessageKind expected_ = MessageKind::kMm1;
  Phase1Material m_;
  bool initial_contact_ = false;
};

}  // namespace oakley::ikev1
