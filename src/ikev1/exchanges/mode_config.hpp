// Mode Config (draft-dukes-ike-mode-cfg) in pull mode, on an established ISAKMP SA before the
// first Quick Mode: a client whose connection has `vips` sends CFG_REQUEST, the gateway leases
// an address from the connection's pools and answers CFG_REPLY; both messages are TRANSACTION
// exchanges protected by HASH = prf(SKEYID_a, M-ID | ATTR). The address becomes the client's
// 'dynamic' proxy identity in Quick Mode, and the gateway's 'dynamic' remote one.
#pragma once

#include <cstddef>
#include <vector>

#include "common/ip_address.hpp"
#include "ikev1/exchange.hpp"
#include "wire/ikev1/mode_config.hpp"

namespace oakley::ikev1 {

class ExchangeContext;

class ModeConfigInitiator final : public Exchange {
 public:
  explicit ModeConfigInitiator(ExchangeContext& ctx) : ctx_(ctx) {}
  std::string_view name() const override { return "Mode Config"; }
  wire::ikev1::ExchangeType type() const override {
    return wire::ikev1::ExchangeType::kTransaction;
  }
  MessageKind expected() const override { return MessageKind::kTransaction; }
  Outcome start(IsakmpSa& sa) override;
  Outcome on_message(IsakmpSa& sa, const Inbound& in) override;
  void on_finished(IsakmpSa& sa) override;
  void abort(IsakmpSa& sa, std::string_view why) override;

 private:
  ExchangeContext& ctx_;
  std::uint16_t identifier_ = 0;
};

class ModeConfigResponder final : public Exchange {
 public:
  explicit ModeConfigResponder(ExchangeContext& ctx) : ctx_(ctx) {}
  std::string_view name() const override { return "Mode Config"; }
  wire::ikev1::ExchangeType type() const override {
    return wire::ikev1::ExchangeType::kTransaction;
  }
  MessageKind expected() const override { return MessageKind::kTransaction; }
  Outcome on_message(IsakmpSa& sa, const Inbound& in) override;

 private:
  ExchangeContext& ctx_;
};

// The virtual IPs a CFG_REPLY assigns, at most one per address family (the first): a client has
// one address of a family, and a gateway that sends more must not make us claim them all.
// `ignored`: how many further addresses were left out.
std::vector<IpAddress> assigned_vips(const wire::ikev1::AttributePayload& reply,
                                     std::size_t* ignored);

// Releases what an ISAKMP SA holds: leases back to their pools, our addresses off the device.
void release_vips(ExchangeContext& ctx, IsakmpSa& sa);

}  // namespace oakley::ikev1
