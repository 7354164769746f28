#include "ikev2/payload_rules.hpp"

#include <fmt/format.h>

#include <map>
#include <string_view>

#include "ike/payload_counts.hpp"
#include "wire/ikev2/names.hpp"

namespace oakley::ikev2 {

namespace w = wire::ikev2;
using PT = w::PayloadType;
using ike::PayloadCount;

namespace {

struct Rule {
  PT type;
  PayloadCount count;  // `min` only applies when the message is not an error-only answer
};

struct ExchangeRules {
  std::vector<Rule> request;
  std::vector<Rule> response;
};

// Counts per exchange (RFC 7296 1.2-1.5, 2.17, 3.x); repeated payloads are capped
// (ike/payload_counts.hpp).
const std::map<w::ExchangeType, ExchangeRules>& rules() {
  static const Rule notify{PT::kNotify, {0, ike::kMaxNotifies}};
  static const Rule vid{PT::kVendorId, {0, ike::kMaxVendorIds}};
  static const Rule certreq{PT::kCertreq, {0, ike::kMaxCertreqs}};
  static const Rule cert{PT::kCert, {0, ike::kMaxCerts}};
  static const Rule deletes{PT::kDelete, {0, ike::kMaxDeletes}};
  static const std::map<w::ExchangeType, ExchangeRules> table = {
      {w::ExchangeType::kIkeSaInit,
       {{{PT::kSa, {1, 1}}, {PT::kKe, {1, 1}}, {PT::kNonce, {1, 1}}, notify, vid, certreq},
        {{PT::kSa, {1, 1}}, {PT::kKe, {1, 1}}, {PT::kNonce, {1, 1}}, notify, vid, certreq}}},
      {w::ExchangeType::kIkeAuth,
       {{{PT::kIdi, {1, 1}},
         {PT::kIdr, {0, 1}},
         {PT::kAuth, {0, 1}},
         cert,
         certreq,
         {PT::kCp, {0, 1}},
         {PT::kSa, {0, 1}},
         {PT::kTsi, {0, 1}},
         {PT::kTsr, {0, 1}},
         notify,
         vid,
         {PT::kEap, {0, 1}}},
        {{PT::kIdr, {0, 1}},
         {PT::kAuth, {0, 1}},
         cert,
         {PT::kCp, {0, 1}},
         {PT::kSa, {0, 1}},
         {PT::kTsi, {0, 1}},
         {PT::kTsr, {0, 1}},
         notify,
         vid,
         {PT::kEap, {0, 1}}}}},
      {w::ExchangeType::kCreateChildSa,
       {{{PT::kSa, {1, 1}},
         {PT::kNonce, {1, 1}},
         {PT::kKe, {0, 1}},
         {PT::kTsi, {0, 1}},
         {PT::kTsr, {0, 1}},
         notify,
         vid},
        {{PT::kSa, {1, 1}},
         {PT::kNonce, {1, 1}},
         {PT::kKe, {0, 1}},
         {PT::kTsi, {0, 1}},
         {PT::kTsr, {0, 1}},
         notify,
         vid}}},
      // RFC 9242 / RFC 9370: one KE each way per additional key exchange.
      {w::ExchangeType::kIkeIntermediate,
       {{{PT::kKe, {0, 1}}, notify, vid}, {{PT::kKe, {0, 1}}, notify, vid}}},
      // RFC 9370 2.2.4: KE and N(ADDITIONAL_KEY_EXCHANGE) each way; the last response has no
      // link, an error answer no KE. A request without KE reaches the exchange, which drops the
      // half-built SA along with its INVALID_SYNTAX.
      {w::ExchangeType::kIkeFollowupKe,
       {{{PT::kKe, {0, 1}}, notify, vid}, {{PT::kKe, {1, 1}}, notify, vid}}},
      {w::ExchangeType::kInformational,
       {{notify, deletes, {PT::kCp, {0, 1}}, vid}, {notify, deletes, {PT::kCp, {0, 1}}, vid}}},
  };
  return table;
}

// Where RFC 7296 fixes the order of payloads. It fixes little: the Encrypted payload comes last
// (3.14; the wire parser enforces that, and these rules see the decrypted inner payloads), and a
// request retried with a cookie carries N(COOKIE) first (2.6). The rest (SA before KE, NAT
// detection after the nonce, ...) is how peers usually send it, not a requirement, and is
// accepted in any order.
struct OrderRule {
  w::ExchangeType exchange;
  bool response;
  w::NotifyType first;  // when this notify is present, it must be the first payload
  std::string_view source;
};

constexpr OrderRule kOrder[] = {
    {w::ExchangeType::kIkeSaInit, false, w::NotifyType::kCookie, "RFC 7296 2.6"},
};

std::optional<std::string> check_order(w::ExchangeType exchange, bool response,
                                       const std::vector<w::Payload>& payloads) {
  for (const auto& rule : kOrder) {
    if (rule.exchange != exchange || rule.response != response) continue;
    if (!w::find_notify(payloads, rule.first)) continue;
    const auto* n = payloads.front().get<w::NotifyPayload>();
    if (!n || n->type != rule.first) {
      return fmt::format("N({}) must be the first payload ({})", w::notify_short_name(rule.first),
                         rule.source);
    }
  }
  return std::nullopt;
}

bool is_error_answer(const std::vector<w::Payload>& payloads) {
  return w::find_error_notify(payloads) != nullptr ||
         w::find_notify(payloads, w::NotifyType::kCookie) != nullptr;
}

}  // namespace

std::optional<std::string> check_payload_rules(w::ExchangeType exchange, bool response,
                                               const std::vector<w::Payload>& payloads) {
  auto it = rules().find(exchange);
  if (it == rules().end())
    return fmt::format("unsupported exchange {}", w::exchange_name(exchange));
  const auto& list = response ? it->second.response : it->second.request;
  std::map<PT, int> counts;
  for (const auto& p : payloads) {
    if (p.get<w::UnknownPayload>()) continue;  // non-critical unknown payloads are ignored
    ++counts[p.type()];
  }
  bool error_answer = response && is_error_answer(payloads);
  for (const auto& [type, n] : counts) {
    bool allowed = false;
    for (const auto& r : list) {
      if (r.type != type) continue;
      allowed = true;
      if (n > r.count.max) {
        return fmt::format("{} payloads of type {} (at most {})", n, w::payload_short_name(type),
                           r.count.max);
      }
    }
    if (!allowed) return fmt::format("payload {} not allowed here", w::payload_short_name(type));
  }
  if (auto bad = check_order(exchange, response, payloads)) return bad;
  if (error_answer) return std::nullopt;
  for (const auto& r : list) {
    if (counts[r.type] < r.count.min) {
      return fmt::format("{} payload missing", w::payload_short_name(r.type));
    }
  }
  // Selectors come in pairs (RFC 7296 2.9).
  if ((counts[PT::kTsi] > 0) != (counts[PT::kTsr] > 0)) return "TSi without TSr or vice versa";
  return std::nullopt;
}

}  // namespace oakley::ikev2
