#include "ikev2/payload_rules.hpp"

#include <fmt/format.h>

#include <array>
#include <map>

#include "wire/ikev2/names.hpp"

namespace oakley::ikev2 {

namespace w = wire::ikev2;
using PT = w::PayloadType;

namespace {

struct Rule {
  PT type;
  int min;  // required count when the message is not an error-only answer
  int max;  // -1 = any number
};

struct ExchangeRules {
  std::vector<Rule> request;
  std::vector<Rule> response;
};

const std::map<w::ExchangeType, ExchangeRules>& rules() {
  static const std::map<w::ExchangeType, ExchangeRules> table = {
      {w::ExchangeType::kIkeSaInit,
       {{{PT::kSa, 1, 1},
         {PT::kKe, 1, 1},
         {PT::kNonce, 1, 1},
         {PT::kNotify, 0, -1},
         {PT::kVendorId, 0, -1},
         {PT::kCertreq, 0, -1}},
        {{PT::kSa, 1, 1},
         {PT::kKe, 1, 1},
         {PT::kNonce, 1, 1},
         {PT::kNotify, 0, -1},
         {PT::kVendorId, 0, -1},
         {PT::kCertreq, 0, -1}}}},
      {w::ExchangeType::kIkeAuth,
       {{{PT::kIdi, 1, 1},
         {PT::kIdr, 0, 1},
         {PT::kAuth, 0, 1},
         {PT::kCert, 0, -1},
         {PT::kCertreq, 0, -1},
         {PT::kCp, 0, 1},
         {PT::kSa, 0, 1},
         {PT::kTsi, 0, 1},
         {PT::kTsr, 0, 1},
         {PT::kNotify, 0, -1},
         {PT::kVendorId, 0, -1},
         {PT::kEap, 0, 1}},
        {{PT::kIdr, 0, 1},
         {PT::kAuth, 0, 1},
         {PT::kCert, 0, -1},
         {PT::kCp, 0, 1},
         {PT::kSa, 0, 1},
         {PT::kTsi, 0, 1},
         {PT::kTsr, 0, 1},
         {PT::kNotify, 0, -1},
         {PT::kVendorId, 0, -1},
         {PT::kEap, 0, 1}}}},
      {w::ExchangeType::kCreateChildSa,
       {{{PT::kSa, 1, 1},
         {PT::kNonce, 1, 1},
         {PT::kKe, 0, 1},
         {PT::kTsi, 0, 1},
         {PT::kTsr, 0, 1},
         {PT::kNotify, 0, -1},
         {PT::kVendorId, 0, -1}},
        {{PT::kSa, 1, 1},
         {PT::kNonce, 1, 1},
         {PT::kKe, 0, 1},
         {PT::kTsi, 0, 1},
         {PT::kTsr, 0, 1},
         {PT::kNotify, 0, -1},
         {PT::kVendorId, 0, -1}}}},
      {w::ExchangeType::kInformational,
       {{{PT::kNotify, 0, -1}, {PT::kDelete, 0, -1}, {PT::kCp, 0, 1}, {PT::kVendorId, 0, -1}},
        {{PT::kNotify, 0, -1}, {PT::kDelete, 0, -1}, {PT::kCp, 0, 1}, {PT::kVendorId, 0, -1}}}},
  };
  return table;
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
      if (r.max >= 0 && n > r.max) {
        return fmt::format("{} payloads of type {} (at most {})", n, w::payload_short_name(type),
                           r.max);
      }
    }
    if (!allowed) return fmt::format("payload {} not allowed here", w::payload_short_name(type));
  }
  if (error_answer) return std::nullopt;
  for (const auto& r : list) {
    if (counts[r.type] < r.min) {
      return fmt::format("{} payload missing", w::payload_short_name(r.type));
    }
  }
  // Selectors come in pairs (RFC 7296 2.9).
  if ((counts[PT::kTsi] > 0) != (counts[PT::kTsr] > 0)) return "TSi without TSr or vice versa";
  return std::nullopt;
}

}  // namespace oakley::ikev2
