// Aggressive Mode (RFC 2409 5.4), three messages, with pre-shared keys or signatures:
//   AM1 SA KE Ni IDii [CR] [VID]  →   ← AM2 SA KE Nr IDir HASH_R | [CERT] SIG_R [CR] [NAT-D] [VID]
//   AM3* HASH_I | [CERT] SIG_I [NAT-D] [N]  →
// AM2 carries HASH_R in the clear, so an observer can try PSKs offline against it: a responder
// answers only when the connection says aggressive = yes and the operator also set
// i_dont_care_about_security_and_use_aggressive_mode_psk, and the log says which one is missing.
#pragma once

#include "ikev1/exchange.hpp"
#include "ikev1/exchanges/phase1_auth.hpp"

namespace oakley::ikev1 {

class ExchangeContext;

class AggressiveModeInitiator final : public Exchange {
 public:
  explicit AggressiveModeInitiator(ExchangeContext& ctx) : ctx_(ctx) {}
  std::string_view name() const override { return "Aggressive Mode"; }
  wire::ikev1::ExchangeType type() const override { return wire::ikev1::ExchangeType::kAggressive; }
  MessageKind expected() const override { return MessageKind::kAm2; }
  Outcome start(IsakmpSa& sa) override;
  Outcome on_message(IsakmpSa& sa, const Inbound& in) override;
  void on_finished(IsakmpSa& sa) override;
  const std::vector<Phase1Transform>* offered_phase1() const override { return &m_.offered; }

 private:
  Outcome send_am1(IsakmpSa& sa);
  Outcome send_am3(IsakmpSa& sa);
  Outcome send_am3_authenticated(IsakmpSa& sa);

  ExchangeContext& ctx_;
  Phase1Material m_;
  wire::ikev1::IdPayload peer_id_;
  Bytes peer_id_b_;
  Payloads peer_auth_;  // AM2's HASH_R, or its CERTs and SIG_R
};

class AggressiveModeResponder final : public Exchange {
 public:
  explicit AggressiveModeResponder(ExchangeContext& ctx) : ctx_(ctx) {}
  std::string_view name() const override { return "Aggressive Mode"; }
  wire::ikev1::ExchangeType type() const override { return wire::ikev1::ExchangeType::kAggressive; }
  MessageKind expected() const override { return expected_; }
  Outcome on_message(IsakmpSa& sa, const Inbound& in) override;
  void on_finished(IsakmpSa& sa) override;

 private:
  Outcome on_am1(IsakmpSa& sa, const Inbound& in);
  Outcome send_am2(IsakmpSa& sa);
  Outcome on_am3(IsakmpSa& sa, const Inbound& in);

  ExchangeContext& ctx_;
  MessageKind expected_ = MessageKind::kAm1;
  Phase1Material m_;
  wire::ikev1::SaPayload answer_;
  wire::ikev1::IdPayload peer_id_;
  Bytes peer_id_b_;
  bool initial_contact_ = false;
};

// Why Aggressive Mode with a PSK is refused for this connection, or nullopt when allowed.
std::optional<std::string> aggressive_psk_refusal(const credentials::LoadedConfig& cfg,
                                                  const config::Connection& conn);

}  // namespace oakley::ikev1
