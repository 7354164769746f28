#include "ikev1/exchanges/xauth.hpp"

#include <fmt/format.h>

#include "crypto/compare.hpp"
#include "crypto/random.hpp"
#include "ikev1/exchange_context.hpp"
#include "ikev1/exchanges/transaction.hpp"
#include "ikev1/sa_log.hpp"

namespace oakley::ikev1 {

namespace w = wire::ikev1;
using A = w::ModeCfgAttribute;

namespace {

constexpr std::uint16_t kStatusFail = 0;
constexpr std::uint16_t kStatusOk = 1;
constexpr std::uint64_t kGenericType = 0;  // XAUTH_TYPE: generic user name and password

std::uint16_t type_of(A a) {
  return static_cast<std::uint16_t>(a);
}

std::uint16_t new_identifier() {
  return static_cast<std::uint16_t>(crypto::random_u32());
}

// Does the user's password match a secret of the gateway that names the user? The verdict
// names the user and, on refusal, why (never the password).
bool check_user(const IsakmpSa& sa, const std::string& user, const Bytes& password,
                std::string* verdict) {
  auto id = config::parse_identity(user);
  if (user.empty() || !id) {
    *verdict = fmt::format("XAuth user name '{}' is not a valid identity", user);
    return false;
  }
  const auto* secret = config::best_user_secret(sa.config_snapshot->secrets, *id, false);
  if (!secret) {
    *verdict = fmt::format("no xauth (or eap) secret lists user '{}'", user);
    return false;
  }
  bool same = crypto::equal_constant_time(secret->secret, password);
  if (!same) {
    *verdict = fmt::format("wrong XAuth password for user '{}' (secret '{}')", user, secret->name);
    return false;
  }
  *verdict = fmt::format("user '{}'", user);
  return true;
}

// The client's XAuth user: the xauth_id of its XAuth round (or of its first), else its
// Phase 1 identity, as charon chooses it.
config::Identity client_user(const IsakmpSa& sa) {
  for (const auto& round : sa.connection->local) {
    if (round.xauth_id) return *round.xauth_id;
  }
  if (!sa.connection->local.front().id.is_any()) return sa.connection->local.front().id;
  auto text = ike::from_wire(sa.local_id).to_string();
  auto parsed = config::parse_identity(text);
  return parsed ? *parsed : config::Identity::any();
}

std::string identity_text(const config::Identity& id) {
  return id.dn_needs_encoding ? id.dn : std::string(id.data.begin(), id.data.end());
}

}  // namespace

// ---- gateway ----------------------------------------------------------------------------------

Outcome XauthRequest::start(IsakmpSa& sa) {
  w::AttributePayload request{w::CfgType::kRequest, new_identifier(), {}};
  request.attributes.push_back(wire::DataAttribute::variable(type_of(A::kXauthUserName), {}));
  request.attributes.push_back(wire::DataAttribute::variable(type_of(A::kXauthUserPassword), {}));
  sa_log(sa, log::Level::kInfo, "XAuth: asking {} for user name and password",
         sa.remote_identity.to_string());
  return Outcome::send(transaction_message(sa, message_id(), std::move(request)),
                       Outcome::After::kAwaitReply);
}

Outcome XauthRequest::on_message(IsakmpSa& sa, const Inbound& in) {
  const auto* reply = verified_transaction(sa, in, message_id());
  if (!reply) return Outcome::ignore("XAuth reply without a valid HASH");
  if (reply->cfg_type != w::CfgType::kReply) return Outcome::ignore("XAuth: not a CFG_REPLY");
  auto user = attribute_text(*reply, A::kXauthUserName);
  const auto* pw = wire::find_attribute(reply->attributes, A::kXauthUserPassword);
  const auto* password = pw ? std::get_if<Bytes>(&pw->value) : nullptr;
  if (!user || !password) {
    verdict_ = "the client sent no user name and password (XAuth credentials not configured?)";
    accepted_ = false;
  } else {
    accepted_ = check_user(sa, *user, *password, &verdict_);
    if (accepted_) sa.xauth_user = *user;
  }
  return Outcome::finished();
}

void XauthRequest::on_finished(IsakmpSa& sa) {
  ctx_.on_xauth_checked(sa, accepted_, verdict_);
}

void XauthRequest::abort(IsakmpSa& sa, std::string_view why) {
  ctx_.on_xauth_done(sa, make_error(fmt::format("XAuth: {}", why)));
}

Outcome XauthStatus::start(IsakmpSa& sa) {
  w::AttributePayload set{w::CfgType::kSet, new_identifier(), {}};
  set.attributes.push_back(
      wire::DataAttribute::basic(type_of(A::kXauthStatus), accepted_ ? kStatusOk : kStatusFail));
  return Outcome::send(transaction_message(sa, message_id(), std::move(set)),
                       Outcome::After::kAwaitReply);
}

Outcome XauthStatus::on_message(IsakmpSa& sa, const Inbound& in) {
  const auto* ack = verified_transaction(sa, in, message_id());
  if (!ack) return Outcome::ignore("XAuth acknowledgement without a valid HASH");
  if (ack->cfg_type != w::CfgType::kAck) return Outcome::ignore("XAuth: not a CFG_ACK");
  return Outcome::finished();
}

void XauthStatus::on_finished(IsakmpSa& sa) {
  if (accepted_) {
    ctx_.on_xauth_done(sa, Status{});
  } else {
    ctx_.on_xauth_done(sa, make_error("XAuth failed: " + verdict_));
  }
}

void XauthStatus::abort(IsakmpSa& sa, std::string_view why) {
  ctx_.on_xauth_done(sa, make_error(fmt::format("XAuth status: {}", why)));
}

// ---- client -----------------------------------------------------------------------------------

Outcome XauthClient::on_message(IsakmpSa& sa, const Inbound& in) {
  const auto* msg = verified_transaction(sa, in, message_id());
  if (!msg) return Outcome::ignore("XAuth message without a valid HASH");
  switch (msg->cfg_type) {
    case w::CfgType::kRequest:
      return answer_request(sa, *msg);
    case w::CfgType::kSet:
      return acknowledge(sa, *msg);
    default:
      return Outcome::ignore(fmt::format("XAuth: unexpected configuration message type {}",
                                         static_cast<int>(msg->cfg_type)));
  }
}

Outcome XauthClient::answer_request(IsakmpSa& sa, const w::AttributePayload& request) {
  if (auto text = attribute_text(request, A::kXauthMessage)) {
    sa_log(sa, log::Level::kInfo, "XAuth: the gateway says \"{}\"", *text);
  }
  auto user = client_user(sa);
  w::AttributePayload reply{w::CfgType::kReply, request.identifier, {}};
  for (const auto& attr : request.attributes) {
    if (attr.type == type_of(A::kXauthType)) {
      if (attr.as_integer().value_or(kGenericType) != kGenericType) {
        return Outcome::failed(
            fmt::format("XAuth: the gateway asks for type {}; we do generic "
                        "user name and password only",
                        *attr.as_integer()));
      }
      reply.attributes.push_back(wire::DataAttribute::basic(attr.type, kGenericType));
    } else if (attr.type == type_of(A::kXauthUserName)) {
      auto name = identity_text(user);
      reply.attributes.push_back(
          wire::DataAttribute::variable(attr.type, Bytes(name.begin(), name.end())));
    } else if (attr.type == type_of(A::kXauthUserPassword)) {
      const auto* secret = config::best_user_secret(sa.config_snapshot->secrets, user, true);
      if (!secret) {
        return Outcome::failed(fmt::format(
            "XAuth: no xauth secret for user '{}' to answer the gateway with", user.to_string()));
      }
      auto pw = secret->secret.view();
      reply.attributes.push_back(
          wire::DataAttribute::variable(attr.type, Bytes(pw.begin(), pw.end())));
    } else if (attr.type != type_of(A::kXauthMessage)) {
      return Outcome::failed(
          fmt::format("XAuth: the gateway asks for attribute {}, which we "
                      "cannot answer (generic user name and password only)",
                      attr.type));
    }
  }
  sa_log(sa, log::Level::kInfo, "XAuth: sending credentials of user '{}'", user.to_string());
  return Outcome::send(transaction_message(sa, message_id(), std::move(reply)),
                       Outcome::After::kFinished);
}

Outcome XauthClient::acknowledge(IsakmpSa& sa, const w::AttributePayload& set) {
  const auto* status = wire::find_attribute(set.attributes, A::kXauthStatus);
  status_ = status && status->as_integer() == kStatusOk;
  w::AttributePayload ack{w::CfgType::kAck, set.identifier, {}};
  ack.attributes.push_back(wire::DataAttribute::variable(type_of(A::kXauthStatus), {}));
  return Outcome::send(transaction_message(sa, message_id(), std::move(ack)),
                       Outcome::After::kFinished);
}

void XauthClient::on_finished(IsakmpSa& sa) {
  if (!status_) return;  // the credentials went out; the verdict comes in its own exchange
  if (*status_) {
    sa.xauth_user = client_user(sa).to_string();
    ctx_.on_xauth_done(sa, Status{});
  } else {
    ctx_.on_xauth_done(sa, make_error(fmt::format("XAuth: the gateway rejected user '{}'",
                                                  client_user(sa).to_string())));
  }
}

void XauthClient::abort(IsakmpSa& sa, std::string_view why) {
  ctx_.on_xauth_done(sa, make_error(fmt::format("XAuth: {}", why)));
}

}  // namespace oakley::ikev1
