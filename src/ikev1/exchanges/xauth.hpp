// XAuth (draft-beaulieu-ike-xauth-02), generic user name / password, after Phase 1 and before
// Mode Config and Quick Mode. The gateway drives two TRANSACTION exchanges:
//   CFG_REQUEST(user name, password) -> CFG_REPLY(values)      the credentials
//   CFG_SET(XAUTH_STATUS 1 or 0)      -> CFG_ACK                the verdict
// The gateway checks the password against its xauth (or eap) secrets; the client answers with
// its xauth_id (else its IKE identity) and the secret for it.
#pragma once

#include <optional>
#include <string>

#include "ikev1/exchange.hpp"
#include "wire/ikev1/mode_config.hpp"

namespace oakley::ikev1 {

class ExchangeContext;

// Gateway: the credentials request.
class XauthRequest final : public Exchange {
 public:
  explicit XauthRequest(ExchangeContext& ctx) : ctx_(ctx) {}
  std::string_view name() const override { return "XAuth"; }
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
  bool accepted_ = false;
  std::string verdict_;  // why the user was refused, or who was accepted
};

// Gateway: the verdict, XAUTH_STATUS OK or FAIL.
class XauthStatus final : public Exchange {
 public:
  XauthStatus(ExchangeContext& ctx, bool accepted, std::string verdict)
      : ctx_(ctx), accepted_(accepted), verdict_(std::move(verdict)) {}
  std::string_view name() const override { return "XAuth status"; }
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
  bool accepted_;
  std::string verdict_;
};

// Client: answers the gateway's credentials request, then acknowledges its verdict.
class XauthClient final : public Exchange {
 public:
  explicit XauthClient(ExchangeContext& ctx) : ctx_(ctx) {}
  std::string_view name() const override { return "XAuth"; }
  wire::ikev1::ExchangeType type() const override {
    return wire::ikev1::ExchangeType::kTransaction;
  }
  MessageKind expected() const override { return MessageKind::kTransaction; }
  Outcome on_message(IsakmpSa& sa, const Inbound& in) override;
  void on_finished(IsakmpSa& sa) override;
  void abort(IsakmpSa& sa, std::string_view why) override;

 private:
  Outcome answer_request(IsakmpSa& sa, const wire::ikev1::AttributePayload& request);
  Outcome acknowledge(IsakmpSa& sa, const wire::ikev1::AttributePayload& set);

  ExchangeContext& ctx_;
  std::optional<bool> status_;  // the gateway's verdict, once its CFG_SET arrived
};

}  // namespace oakley::ikev1
