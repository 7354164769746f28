#include "ikev1/payload_rules.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "ike/payload_counts.hpp"
#include "wire/ikev1/describe.hpp"
#include "wire/ikev1/names.hpp"

namespace oakley::ikev1 {

namespace w = wire::ikev1;
using PT = w::PayloadType;
using ike::PayloadCount;

namespace {

enum class Crypt : std::uint8_t { kPlain, kEncrypted, kEither };

struct Allowed {
  PT type;
  PayloadCount count;  // repeated payloads are capped (ike/payload_counts.hpp)
};

struct Rule {
  MessageKind kind;
  Crypt crypt;
  bool hash_first;  // Quick Mode: HASH must be the first payload (RFC 2409 5.5)
  std::vector<Allowed> allowed;
};

const std::vector<Rule>& rules() {
  static const std::vector<Rule> kRules = [] {
    const Allowed vid{PT::kVendorId, {0, ike::kMaxVendorIds}};
    const Allowed certreq{PT::kCertreq, {0, ike::kMaxCertreqs}};
    const Allowed natd{PT::kNatD, {0, ike::kMaxNatDiscovery}};
    const Allowed natd_draft{PT::kNatDDraft, {0, ike::kMaxNatDiscovery}};
    const Allowed notify{PT::kNotification, {0, ike::kMaxNotifies}};
    const Allowed cert{PT::kCert, {0, ike::kMaxCerts}};
    const Allowed hash_opt{PT::kHash, {0, 1}}, sig_opt{PT::kSig, {0, 1}};
    const Allowed one_sa{PT::kSa, {1, 1}}, one_ke{PT::kKe, {1, 1}}, one_nonce{PT::kNonce, {1, 1}};
    const Allowed one_id{PT::kId, {1, 1}}, one_hash{PT::kHash, {1, 1}};
    std::vector<Allowed> mm_sa = {one_sa, vid};
    std::vector<Allowed> mm_ke = {one_ke, one_nonce, natd, natd_draft, certreq, vid};
    std::vector<Allowed> mm_id = {one_id, hash_opt, sig_opt, cert, certreq, notify, vid};
    std::vector<Allowed> am1 = {one_sa, one_ke, one_nonce, one_id, certreq, vid};
    std::vector<Allowed> am2 = {one_sa, one_ke,  one_nonce, one_id,     hash_opt, sig_opt,
                                cert,   certreq, natd,      natd_draft, vid};
    std::vector<Allowed> am3 = {hash_opt, sig_opt, cert, natd, natd_draft, notify, vid};
    std::vector<Allowed> qm = {one_hash,
                               one_sa,
                               one_nonce,
                               {PT::kKe, {0, 1}},
                               {PT::kId, {0, 2}},
                               {PT::kNatOa, {0, 2}},
                               {PT::kNatOaDraft, {0, 2}},
                               notify};
    std::vector<Allowed> qm3 = {one_hash};
    std::vector<Allowed> info = {hash_opt, notify, {PT::kDelete, {0, ike::kMaxDeletes}}};
    std::vector<Allowed> transaction = {one_hash, {PT::kAttribute, {1, 1}}};
    return std::vector<Rule>{
        {MessageKind::kMm1, Crypt::kPlain, false, mm_sa},
        {MessageKind::kMm2, Crypt::kPlain, false, mm_sa},
        {MessageKind::kMm3, Crypt::kPlain, false, mm_ke},
        {MessageKind::kMm4, Crypt::kPlain, false, mm_ke},
        {MessageKind::kMm5, Crypt::kEncrypted, false, mm_id},
        {MessageKind::kMm6, Crypt::kEncrypted, false, mm_id},
        {MessageKind::kAm1, Crypt::kPlain, false, am1},
        {MessageKind::kAm2, Crypt::kPlain, false, am2},
        // RFC 2409 shows AM3 in the clear; strongSwan and most others encrypt it.
        {MessageKind::kAm3, Crypt::kEither, false, am3},
        {MessageKind::kQm1, Crypt::kEncrypted, true, qm},
        {MessageKind::kQm2, Crypt::kEncrypted, true, qm},
        {MessageKind::kQm3, Crypt::kEncrypted, true, qm3},
        {MessageKind::kInformational, Crypt::kEither, false, info},
        {MessageKind::kTransaction, Crypt::kEncrypted, true, transaction},
    };
  }();
  return kRules;
}

const Rule* find_rule(MessageKind kind) {
  for (const auto& r : rules()) {
    if (r.kind == kind) return &r;
  }
  return nullptr;
}

std::string allowed_text(const Rule& r) {
  std::string out;
  for (const auto& a : r.allowed) {
    if (!out.empty()) out += ' ';
    out += w::payload_short_name(a.type);
    if (a.count.min == 0) out += '?';
  }
  return out;
}

}  // namespace

std::string_view message_kind_name(MessageKind k) {
  static constexpr std::array<std::string_view, 14> kNames = {
      "MM1", "MM2", "MM3", "MM4", "MM5", "MM6",           "AM1",
      "AM2", "AM3", "QM1", "QM2", "QM3", "INFORMATIONAL", "TRANSACTION"};
  return kNames[static_cast<std::size_t>(k)];
}

std::optional<std::string> check_payload_rules(MessageKind kind,
                                               const std::vector<w::Payload>& payloads,
                                               bool encrypted) {
  const Rule* rule = find_rule(kind);
  if (!rule) return std::string("no payload rule for this message");
  auto seen = [&] { return w::describe_payloads(payloads); };
  if (rule->crypt == Crypt::kEncrypted && !encrypted) {
    return fmt::format("{} must be encrypted, got it in the clear: {}", message_kind_name(kind),
                       seen());
  }
  if (rule->crypt == Crypt::kPlain && encrypted) {
    return fmt::format("{} must be sent in the clear, got it encrypted", message_kind_name(kind));
  }
  if (rule->hash_first && (payloads.empty() || payloads.front().type() != PT::kHash)) {
    return fmt::format("{} must start with HASH, got {}", message_kind_name(kind), seen());
  }
  for (const auto& p : payloads) {
    auto it = std::find_if(rule->allowed.begin(), rule->allowed.end(),
                           [&](const Allowed& a) { return a.type == p.type(); });
    if (it == rule->allowed.end()) {
      return fmt::format("{} may carry [ {} ], got {} in {}", message_kind_name(kind),
                         allowed_text(*rule), w::describe_payload(p), seen());
    }
  }
  for (const auto& a : rule->allowed) {
    auto n = static_cast<std::size_t>(std::count_if(
        payloads.begin(), payloads.end(), [&](const w::Payload& p) { return p.type() == a.type; }));
    if (n < a.count.min || n > a.count.max) {
      return fmt::format("{} needs {} {} payload(s), got {} in {}", message_kind_name(kind),
                         ike::count_text(a.count), w::payload_short_name(a.type), n, seen());
    }
  }
  return std::nullopt;
}

}  // namespace oakley::ikev1
