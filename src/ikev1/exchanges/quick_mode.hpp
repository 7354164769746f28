// Quick Mode (RFC 2409 5.5), Phase 2 on an established ISAKMP SA:
//   QM1* HASH(1) SA Ni [KE] [IDci IDcr] [NAT-OA]  →
//                    ← QM2* HASH(2) SA Nr [KE] [IDci IDcr] [N(RESPONDER-LIFETIME)] [NAT-OA]
//   QM3* HASH(3)                                   →
// One IPsec SA pair per exchange, KEYMAT per direction from SKEYID_d (with g^xy of the Quick
// Mode KE under PFS). PFS groups cannot be negotiated here: the responder needs the same group.
// A proposed lifetime longer than ours is accepted, lowered and announced with
// RESPONDER-LIFETIME (RFC 2407 4.6.3.1); the initiator then uses the lower value.
#pragma once

#include <functional>
#include <memory>
#include <optional>

#include "ike/child_installer.hpp"
#include "ike/diagnosis/evidence.hpp"
#include "ikev1/dh_work.hpp"
#include "ikev1/esp_proposals.hpp"
#include "ikev1/exchange.hpp"
#include "ikev1/exchanges/proxy_ids.hpp"
#include "ikev1/isakmp_sa.hpp"

namespace oakley::ikev1 {

class ExchangeContext;

// Material of one Quick Mode, either role.
struct QuickModeMaterial {
  std::vector<EspTransform> offered;
  EspTransform chosen;
  std::uint32_t spi_in = 0, spi_out = 0;
  Bytes ni_b, nr_b;
  std::shared_ptr<DhWork> dh;  // PFS
  Bytes peer_ke;
  std::uint64_t life_seconds = 0, life_kilobytes = 0;
  bool lowered = false;
  std::uint64_t proposed_seconds = 0, proposed_kilobytes = 0;  // before it was lowered
};

// What both roles tell the engine about the pair they negotiate, so it can notice two Quick
// Modes for the same selectors running at once in opposite directions (IKEv1 cannot tell a rekey
// from a new negotiation, so such a pair of Quick Modes ends in two redundant IPsec SA pairs).
class QuickModeExchange : public Exchange {
 public:
  virtual bool we_initiate() const = 0;
  // The child and selector pair, once known (a responder knows them after QM1).
  virtual const config::Child* negotiating(std::size_t& pair) const = 0;
  std::optional<ChildInFlight> child_in_flight() const final {
    ChildInFlight c;
    c.we_initiate = we_initiate();
    c.child = negotiating(c.pair);
    return c;
  }
  void mark_collided() final { collided_ = true; }
  bool collided() const { return collided_; }

 private:
  bool collided_ = false;
};

class QuickModeInitiator final : public QuickModeExchange {
 public:
  using Completion = std::function<void(const Status&)>;
  // `selectors` for a rekey: the pair the replaced child negotiated.
  QuickModeInitiator(ExchangeContext& ctx, const config::Child& child, std::size_t pair_index,
                     std::uint32_t rekeying, std::optional<SelectorPair> selectors,
                     Completion done);
  std::string_view name() const override { return "Quick Mode"; }
  wire::ikev1::ExchangeType type() const override { return wire::ikev1::ExchangeType::kQuickMode; }
  MessageKind expected() const override { return MessageKind::kQm2; }
  Outcome start(IsakmpSa& sa) override;
  Outcome on_message(IsakmpSa& sa, const Inbound& in) override;
  void on_finished(IsakmpSa& sa) override;
  void abort(IsakmpSa& sa, std::string_view why) override;
  bool we_initiate() const override { return true; }
  bool names_spi(std::uint32_t spi) const override {
    return spi == m_.spi_in || (m_.spi_out && spi == m_.spi_out);
  }
  const config::Child* negotiating(std::size_t& pair) const override {
    pair = pair_index_;
    return &child_;
  }
  // For diagnose: what the peer's refusal says about our proposals or proxy IDs.
  std::optional<ike::diagnosis::Failure> refused_with(
      wire::ikev1::NotifyType notify) const override;

 private:
  Outcome send_qm1(IsakmpSa& sa);
  Outcome finish(IsakmpSa& sa);

  ExchangeContext& ctx_;
  const config::Child& child_;
  std::size_t pair_index_;
  std::uint32_t rekeying_;
  SelectorPair selectors_;
  bool have_selectors_ = false;
  Completion done_;
  QuickModeMaterial m_;
  std::uint32_t child_id_ = 0;
};

class QuickModeResponder final : public QuickModeExchange {
 public:
  explicit QuickModeResponder(ExchangeContext& ctx) : ctx_(ctx) {}
  std::string_view name() const override { return "Quick Mode"; }
  wire::ikev1::ExchangeType type() const override { return wire::ikev1::ExchangeType::kQuickMode; }
  MessageKind expected() const override { return expected_; }
  Outcome on_message(IsakmpSa& sa, const Inbound& in) override;
  void on_finished(IsakmpSa& sa) override;
  void abort(IsakmpSa& sa, std::string_view why) override;
  bool we_initiate() const override { return false; }
  bool names_spi(std::uint32_t spi) const override {
    return (m_.spi_in && spi == m_.spi_in) || spi == m_.spi_out;
  }
  const config::Child* negotiating(std::size_t& pair) const override {
    pair = match_.pair_index;
    return match_.child;
  }

 private:
  Outcome on_qm1(IsakmpSa& sa, const Inbound& in);
  Outcome evaluate_qm1(IsakmpSa& sa, const Inbound& in);
  Outcome send_qm2(IsakmpSa& sa);
  Outcome on_qm3(IsakmpSa& sa, const Inbound& in);

  ExchangeContext& ctx_;
  MessageKind expected_ = MessageKind::kQm1;
  QuickModeMaterial m_;
  ProxyMatch match_;
  std::optional<ProxyIds> echo_ids_;
  wire::ikev1::SaPayload answer_;
  ike::ChildKeys keys_;
  std::uint32_t child_id_ = 0;
};

// KEYMAT for both directions (RFC 2409 5.5): the inbound SA's from our SPI, the outbound SA's
// from the peer's; encryption key first, then the integrity key.
Result<ike::ChildKeys> quick_mode_keys(const IsakmpSa& sa, const ike::Proposal& chosen,
                                       std::uint32_t spi_in, std::uint32_t spi_out, ByteView ni_b,
                                       ByteView nr_b, ByteView g_qm);

}  // namespace oakley::ikev1
