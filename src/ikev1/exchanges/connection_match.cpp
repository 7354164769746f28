#include "ikev1/exchanges/connection_match.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "credentials/store.hpp"
#include "ike/connection_match.hpp"
#include "ikev1/diagnosis_offers.hpp"
#include "ikev1/exchange_context.hpp"

namespace oakley::ikev1 {

namespace {

Result<AuthMethod> signature_method(const credentials::LoadedConfig& cfg,
                                    const config::Connection& conn) {
  const auto* cred = cfg.credentials ? cfg.credentials->local(conn) : nullptr;
  if (!cred) {
    return make_error(
        fmt::format("connection '{}' authenticates with a public key but its "
                    "local section names no certificate (local.certs)",
                    conn.name));
  }
  auto key = cred->cert.public_key();
  switch (key.type()) {
    case crypto::KeyType::kRsa:
      return AuthMethod::kRsaSig;
    case crypto::KeyType::kEcdsa:
      if (key.bits() == 256) return AuthMethod::kEcdsa256;
      if (key.bits() == 384) return AuthMethod::kEcdsa384;
      if (key.bits() == 521) return AuthMethod::kEcdsa521;
      break;
    default:
      break;
  }
  return make_error(
      fmt::format("connection '{}': IKEv1 signs with RSA or ECDSA on P-256, P-384 "
                  "or P-521 (RFC 4754); the key of \"{}\" is none of them",
                  conn.name, cred->cert.subject_text()));
}

bool is_xauth_round(const config::AuthRound& r) {
  return r.auth == config::AuthClass::kXauth && (r.method.empty() || r.method == "generic");
}

// Rounds beyond the first: one XAuth round on one side at most. Anything else would either
// authenticate the peer with less than the operator asked for or needs what we lack.
std::optional<std::string> second_round_problem(const config::Connection& conn) {
  if (conn.local.size() > 2 || conn.remote.size() > 2 ||
      (conn.local.size() == 2 && conn.remote.size() == 2)) {
    return fmt::format(
        "connection '{}' has more authentication rounds than IKEv1 has (one XAuth round, on "
        "one side)",
        conn.name);
  }
  for (const auto* rounds : {&conn.local, &conn.remote}) {
    if (rounds->size() < 2) continue;
    const auto& r = (*rounds)[1];
    if (r.auth != config::AuthClass::kXauth) {
      return fmt::format(
          "connection '{}': the second authentication round ({} auth = {}) must be XAuth in "
          "IKEv1",
          conn.name, r.name, r.auth_text);
    }
    if (!is_xauth_round(r)) {
      return fmt::format(
          "connection '{}': XAuth backend '{}' ({} auth = {}) is not available; oakley checks "
          "XAuth passwords against the xauth secrets (auth = xauth or xauth-generic)",
          conn.name, r.method, r.name, r.auth_text);
    }
  }
  return std::nullopt;
}

}  // namespace

XauthMode xauth_mode(const config::Connection& conn, bool we_initiate) {
  bool client = conn.local.size() == 2 && is_xauth_round(conn.local[1]);
  bool server = conn.remote.size() == 2 && is_xauth_round(conn.remote[1]);
  if (!client && !server) return XauthMode::kNone;
  return client == we_initiate ? XauthMode::kInitiatorIsClient : XauthMode::kResponderIsClient;
}

Result<AuthMethod> connection_auth(const credentials::LoadedConfig& cfg,
                                   const config::Connection& conn) {
  if (conn.local.empty() || conn.remote.empty()) {
    return make_error(fmt::format("connection '{}' has no local/remote auth round", conn.name));
  }
  if (auto bad = second_round_problem(conn)) return make_error(std::move(*bad));
  auto local = conn.local.front().auth;
  auto remote = conn.remote.front().auth;
  if (local == config::AuthClass::kPsk && remote == config::AuthClass::kPsk) {
    return AuthMethod::kPsk;
  }
  if (local == config::AuthClass::kPubkey && remote == config::AuthClass::kPubkey) {
    return signature_method(cfg, conn);
  }
  return make_error(fmt::format(
      "connection '{}' authenticates with local '{}' / remote '{}'; IKEv1 negotiates one method "
      "for both sides and oakley implements psk/psk and pubkey/pubkey, each optionally followed "
      "by XAuth (hybrid mode is not implemented)",
      conn.name, conn.local.front().auth_text, conn.remote.front().auth_text));
}

std::optional<Phase1Pick> pick_phase1(ExchangeContext& ctx, const IsakmpSa& sa,
                                      const wire::ikev1::SaPayload& theirs,
                                      const std::optional<ike::WireId>& peer_id, bool aggressive,
                                      std::string* why) {
  const auto& cfg = ctx.config();
  auto candidates = ike::connections_by_address(cfg, config::IkeVersion::kIkev1, sa.local.address,
                                                sa.remote.address, ctx.host_names());
  std::vector<std::string> reasons;
  for (const auto* conn : candidates) {
    auto auth = connection_auth(cfg, *conn);
    if (!auth) {
      reasons.push_back(auth.error().message);
      continue;
    }
    if (auto miss = peer_id ? ike::remote_id_mismatch(*conn, *peer_id) : std::nullopt) {
      reasons.push_back(std::move(*miss));
      continue;
    }
    auto offer = phase1_offer(*conn, *auth, xauth_mode(*conn, false));
    std::string no;
    auto choice = select_phase1(offer.transforms, theirs, phase1_lifetime(*conn), &no);
    if (!choice) {
      reasons.push_back(fmt::format("connection '{}': {}", conn->name, no));
      // Each connection that could have answered learns why it did not.
      auto f = phase1_mismatch(
          aggressive ? ike::diagnosis::Phase::kAggressiveMode : ike::diagnosis::Phase::kMainMode,
          offer.transforms, theirs, phase1_lifetime(*conn));
      f.detail = no;
      f.peer = sa.remote;
      ctx.diagnosis().failed(conn->name, sa.id, std::move(f), ctx.timers().now());
      continue;
    }
    return Phase1Pick{conn, *choice, offer.transforms};
  }
  if (why) {
    if (candidates.empty()) {
      *why =
          fmt::format("no IKEv1 connection matches {} - {} ({} Mode)", sa.local.address.to_string(),
                      sa.remote.address.to_string(), aggressive ? "Aggressive" : "Main");
    } else {
      why->clear();
      for (const auto& r : reasons)
        *why += (why->empty() ? "" : "; ") + r;
    }
  }
  return std::nullopt;
}

}  // namespace oakley::ikev1
