#include "ikev1/exchanges/aggressive_mode.hpp"

#include <fmt/format.h>

#include "crypto/dh.hpp"
#include "ikev1/exchange_context.hpp"
#include "ikev1/exchanges/connection_match.hpp"
#include "ikev1/exchanges/nat_t.hpp"
#include "ikev1/exchanges/vendor_ids.hpp"
#include "ikev1/sa_log.hpp"

namespace oakley::ikev1 {

namespace w = wire::ikev1;
using N = w::NotifyType;
using After = Outcome::After;

namespace {

void append_all(Payloads& out, Payloads more) {
  for (auto& p : more)
    out.push_back(std::move(p));
}

const Bytes& raw_body_of(const Payloads& payloads, w::PayloadType type) {
  static const Bytes kEmpty;
  for (const auto& p : payloads) {
    if (p.type() == type) return p.raw_body;
  }
  return kEmpty;
}

}  // namespace

std::optional<std::string> aggressive_psk_refusal(const credentials::LoadedConfig& cfg,
                                                  const config::Connection& conn) {
  if (!conn.aggressive) {
    return fmt::format(
        "Aggressive Mode refused: connection '{}' has aggressive = no (Aggressive Mode with a "
        "PSK exposes HASH_R to offline guessing of the key)",
        conn.name);
  }
  auto auth = connection_auth(cfg, conn);
  if (auth && is_signature(*auth)) return std::nullopt;  // signatures resist offline guessing
  if (!cfg.daemon.aggressive_mode_psk) {
    return fmt::format(
        "Aggressive Mode with a PSK refused for '{}': its HASH_R lets an observer attack the "
        "key offline; set oakley {{ i_dont_care_about_security_and_use_aggressive_mode_psk = "
        "yes }} to allow it",
        conn.name);
  }
  return std::nullopt;
}

// ---- initiator ----------------------------------------------------------------------------------

Outcome AggressiveModeInitiator::start(IsakmpSa& sa) {
  auto auth = connection_auth(*sa.config_snapshot, *sa.connection);
  if (!auth) return Outcome::failed(auth.error().message);
  sa.auth = *auth;  // our ID (a certificate's subject?) goes out before the peer's choice
  // One KE goes with AM1, so every transform must use the group of the first proposal.
  auto all = phase1_offer(*sa.connection, *auth, xauth_mode(*sa.connection, true));
  if (all.transforms.empty()) {
    return Outcome::failed(
        fmt::format("connection '{}' has no proposal IKEv1 can offer", sa.connection->name));
  }
  auto group = static_cast<DhId>(all.transforms.front().proposal.first(TransformType::kDh)->id);
  auto offer = phase1_offer(*sa.connection, *auth, xauth_mode(*sa.connection, true), group);
  for (const auto& s : offer.skipped)
    sa_log(sa, log::Level::kInfo, "not offered: {}", s);
  m_.offered = offer.transforms;
  auto job = std::make_shared<DhWork>();
  job->group = group;
  m_.dh = job;
  return Outcome::deferred([job] { job->run(); }, [this](IsakmpSa& s) { return send_am1(s); });
}

Outcome AggressiveModeInitiator::send_am1(IsakmpSa& sa) {
  if (!m_.dh->error.empty()) return Outcome::failed(m_.dh->error);
  auto id = our_id(ctx_, sa);
  if (!id) return Outcome::failed(id.error().message);
  auto sa_payload = phase1_sa_payload(m_.offered);
  m_.sa_i_b = w::encode_body(sa_payload);
  m_.g_xi = m_.dh->public_value();
  m_.our_id_b = w::encode_body(*id);
  Outbound out;
  out.payloads.push_back(w::Payload{std::move(sa_payload)});
  out.payloads.push_back(w::Payload{w::KePayload{m_.g_xi}});
  out.payloads.push_back(make_nonce(ctx_.options().nonce_size, m_.ni_b));
  out.payloads.push_back(w::Payload{std::move(*id)});
  append_all(out.payloads, certreq_payloads(sa));
  append_all(out.payloads, our_vendor_ids(ctx_, *sa.connection));
  return Outcome::send(std::move(out), After::kAwaitReply);
}

Outcome AggressiveModeInitiator::on_message(IsakmpSa& sa, const Inbound& in) {
  auto chosen = check_phase1_answer(m_.offered, *w::find<w::SaPayload>(in.payloads));
  if (!chosen) return Outcome::failed("invalid AM2: " + chosen.error().message);
  m_.chosen = *chosen;
  adopt_transform(sa, m_.chosen);
  read_vendor_ids(sa, in.payloads);
  m_.g_xr = w::find<w::KePayload>(in.payloads)->data;
  m_.nr_b = w::find<w::NoncePayload>(in.payloads)->data;
  peer_id_ = *w::find<w::IdPayload>(in.payloads);
  peer_id_b_ = raw_body_of(in.payloads, w::PayloadType::kId);
  for (const auto& p : in.payloads) {
    auto t = p.type();
    if (t == w::PayloadType::kHash || t == w::PayloadType::kSig || t == w::PayloadType::kCert)
      peer_auth_.push_back(p);
  }
  note_certreq(m_, in.payloads);
  detect_nat(sa, in.payloads, in.local, in.remote);
  if (!is_signature(sa.auth)) {
    std::string why;
    auto psk = find_psk(ctx_.config(), *sa.connection, ctx_.local_address(sa), sa.remote.address,
                        to_wire_id(peer_id_), &m_.psk_name, &why);
    if (!psk) return Outcome::failed(why, N::kAuthenticationFailed);
    m_.psk = std::move(*psk);
  }
  m_.dh->peer_public = m_.g_xr;
  auto job = m_.dh;
  return Outcome::deferred([job] { job->run(); }, [this](IsakmpSa& s) { return send_am3(s); });
}

Outcome AggressiveModeInitiator::send_am3(IsakmpSa& sa) {
  if (!m_.dh->error.empty()) return Outcome::failed(m_.dh->error, N::kInvalidKeyInformation);
  if (auto st = derive_keys(sa, m_, m_.dh->shared); !st) return Outcome::failed(st.error().message);
  m_.dh->shared.clear();
  return with_peer_auth(
      sa, m_, peer_id_b_, peer_id_, peer_auth_, [this](IsakmpSa& s, const Status& st) {
        if (!st) {
          return Outcome::failed("AM2: " + st.error().message, N::kAuthenticationFailed);
        }
        return send_am3_authenticated(s);
      });
}

Outcome AggressiveModeInitiator::send_am3_authenticated(IsakmpSa& sa) {
  if (auto ok = accept_peer_id(ctx_, sa, peer_id_); !ok) {
    return Outcome::failed("AM2: " + ok.error().message, N::kAuthenticationFailed);
  }
  float_to_nat_t_port(ctx_, sa);
  return with_our_auth(sa, m_, m_.our_id_b, [this](IsakmpSa& s, Result<Payloads> auth) {
    if (!auth) return Outcome::failed(auth.error().message);
    Outbound out;
    out.encrypt = true;
    append_all(out.payloads, std::move(*auth));
    Endpoint local{ctx_.local_address(s), s.local.port};
    append_all(out.payloads, nat_d_payloads(s, local, s.remote, s.connection->encap));
    if (is_first_contact(ctx_, s)) out.payloads.push_back(initial_contact_payload(s));
    return Outcome::send(std::move(out), After::kFinished);
  });
}

void AggressiveModeInitiator::on_finished(IsakmpSa& sa) {
  ctx_.on_phase1_established(sa, false);
}

// ---- responder ----------------------------------------------------------------------------------

Outcome AggressiveModeResponder::on_message(IsakmpSa& sa, const Inbound& in) {
  return expected_ == MessageKind::kAm1 ? on_am1(sa, in) : on_am3(sa, in);
}

Outcome AggressiveModeResponder::on_am1(IsakmpSa& sa, const Inbound& in) {
  const auto* theirs = w::find<w::SaPayload>(in.payloads);
  const auto* id = w::find<w::IdPayload>(in.payloads);
  std::string why;
  auto pick = pick_phase1(ctx_, sa, *theirs, to_wire_id(*id), true, &why);
  if (!pick) {
    ++ctx_.mutable_stats().no_proposal_chosen;
    return Outcome::failed(why, N::kNoProposalChosen);
  }
  sa.connection = pick->connection;
  if (auto refusal = aggressive_psk_refusal(ctx_.config(), *sa.connection)) {
    ++ctx_.mutable_stats().aggressive_refused;
    return Outcome::failed(*refusal, N::kAuthenticationFailed);
  }
  m_.offered = pick->ours;
  m_.chosen = pick->choice.chosen;
  adopt_transform(sa, m_.chosen);
  read_vendor_ids(sa, in.payloads);
  m_.g_xi = w::find<w::KePayload>(in.payloads)->data;
  auto group = static_cast<DhId>(sa.proposal.first(TransformType::kDh)->id);
  if (m_.g_xi.size() != crypto::dh_public_size(group)) {
    return Outcome::failed(
        fmt::format("AM1 KE has {} bytes, the chosen group {} needs {}", m_.g_xi.size(),
                    dh_name(group), crypto::dh_public_size(group)),
        N::kInvalidKeyInformation);
  }
  m_.ni_b = w::find<w::NoncePayload>(in.payloads)->data;
  m_.sa_i_b = raw_body_of(in.payloads, w::PayloadType::kSa);
  peer_id_ = *id;
  peer_id_b_ = raw_body_of(in.payloads, w::PayloadType::kId);
  note_certreq(m_, in.payloads);
  if (auto ok = accept_peer_id(ctx_, sa, *id); !ok) return Outcome::failed(ok.error().message);
  if (!is_signature(sa.auth)) {
    auto psk = find_psk(ctx_.config(), *sa.connection, sa.local.address, sa.remote.address,
                        sa.remote_id, &m_.psk_name, &why);
    if (!psk) {
      ++ctx_.mutable_stats().auth_failures;
      return Outcome::failed(why, N::kAuthenticationFailed);
    }
    m_.psk = std::move(*psk);
  }
  sa_log(sa, log::Level::kInfo, "{} is initiating an Aggressive Mode IKE_SA; selected {}",
         sa.remote.to_string(), describe(m_.chosen));
  answer_ = *theirs;
  auto& proposal = answer_.proposals.front();
  proposal.transforms = {proposal.transforms[pick->choice.transform_index]};
  auto job = std::make_shared<DhWork>();
  job->group = group;
  job->peer_public = m_.g_xi;
  m_.dh = job;
  return Outcome::deferred([job] { job->run(); }, [this](IsakmpSa& s) { return send_am2(s); });
}

Outcome AggressiveModeResponder::send_am2(IsakmpSa& sa) {
  if (!m_.dh->error.empty()) return Outcome::failed(m_.dh->error, N::kInvalidKeyInformation);
  m_.g_xr = m_.dh->public_value();
  auto nonce = make_nonce(ctx_.options().nonce_size, m_.nr_b);
  if (auto st = derive_keys(sa, m_, m_.dh->shared); !st) return Outcome::failed(st.error().message);
  m_.dh->shared.clear();
  auto id = our_id(ctx_, sa);
  if (!id) return Outcome::failed(id.error().message);
  m_.our_id_b = w::encode_body(*id);
  return with_our_auth(sa, m_, m_.our_id_b,
                       [this, id = std::move(*id), nonce = std::move(nonce)](
                           IsakmpSa& s, Result<Payloads> auth) mutable {
                         if (!auth) return Outcome::failed(auth.error().message);
                         Outbound out;
                         out.payloads.push_back(w::Payload{answer_});
                         out.payloads.push_back(w::Payload{w::KePayload{m_.g_xr}});
                         out.payloads.push_back(std::move(nonce));
                         out.payloads.push_back(w::Payload{std::move(id)});
                         append_all(out.payloads, std::move(*auth));
                         append_all(out.payloads, certreq_payloads(s));
                         append_all(out.payloads,
                                    nat_d_payloads(s, s.local, s.remote, s.connection->encap));
                         append_all(out.payloads, our_vendor_ids(ctx_, *s.connection));
                         expected_ = MessageKind::kAm3;
                         // Retransmitted until AM3 arrives: the initiator answers a repeated AM2
                         // with AM3 again.
                         return Outcome::send(std::move(out), After::kAwaitReply);
                       });
}

Outcome AggressiveModeResponder::on_am3(IsakmpSa& sa, const Inbound& in) {
  detect_nat(sa, in.payloads, in.local, in.remote);
  initial_contact_ = w::find_notify(in.payloads, N::kInitialContact) != nullptr;
  return with_peer_auth(
      sa, m_, peer_id_b_, peer_id_, in.payloads, [this](IsakmpSa&, const Status& st) {
        if (!st) {
          ++ctx_.mutable_stats().auth_failures;
          return Outcome::failed("AM3: " + st.error().message, N::kAuthenticationFailed);
        }
        return Outcome::finished();
      });
}

void AggressiveModeResponder::on_finished(IsakmpSa& sa) {
  ctx_.on_phase1_established(sa, initial_contact_);
}

}  // namespace oakley::ikev1
