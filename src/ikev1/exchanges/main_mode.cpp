#include "ikev1/exchanges/main_mode.hpp"

#include <fmt/format.h>

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

const Bytes* raw_body_of(const Payloads& payloads, w::PayloadType type) {
  for (const auto& p : payloads) {
    if (p.type() == type) return &p.raw_body;
  }
  return nullptr;
}

// Both roles after MM3/MM4 arrived: the DH job with the peer's public value.
std::shared_ptr<DhWork> dh_job(Phase1Material& m, const IsakmpSa& sa, ByteView peer_ke) {
  auto job = m.dh ? m.dh : std::make_shared<DhWork>();
  job->group = static_cast<DhId>(sa.proposal.first(TransformType::kDh)->id);
  job->peer_public.assign(peer_ke.begin(), peer_ke.end());
  m.dh = job;
  return job;
}

}  // namespace

// ---- initiator ----------------------------------------------------------------------------------

Outcome MainModeInitiator::start(IsakmpSa& sa) {
  auto auth = connection_auth(*sa.config_snapshot, *sa.connection);
  if (!auth) return Outcome::failed(auth.error().message);
  auto offer = phase1_offer(*sa.connection, *auth, xauth_mode(*sa.connection, true));
  for (const auto& s : offer.skipped)
    sa_log(sa, log::Level::kInfo, "not offered: {}", s);
  if (offer.transforms.empty()) {
    return Outcome::failed(
        fmt::format("connection '{}' has no proposal IKEv1 can offer", sa.connection->name));
  }
  m_.offered = offer.transforms;
  auto sa_payload = phase1_sa_payload(m_.offered);
  m_.sa_i_b = w::encode_body(sa_payload);
  Outbound out;
  out.payloads.push_back(w::Payload{std::move(sa_payload)});
  append_all(out.payloads, our_vendor_ids(ctx_, *sa.connection));
  return Outcome::send(std::move(out), After::kAwaitReply);
}

Outcome MainModeInitiator::on_message(IsakmpSa& sa, const Inbound& in) {
  switch (expected_) {
    case MessageKind::kMm2:
      return on_mm2(sa, in);
    case MessageKind::kMm4:
      return on_mm4(sa, in);
    case MessageKind::kMm6:
      return on_mm6(sa, in);
    default:
      return Outcome::ignore("unexpected message");
  }
}

Outcome MainModeInitiator::on_mm2(IsakmpSa& sa, const Inbound& in) {
  auto chosen = check_phase1_answer(m_.offered, *w::find<w::SaPayload>(in.payloads));
  if (!chosen) return Outcome::failed("invalid MM2: " + chosen.error().message);
  m_.chosen = *chosen;
  adopt_transform(sa, m_.chosen);
  read_vendor_ids(sa, in.payloads);
  note_certreq(m_, in.payloads);
  sa_log(sa, log::Level::kInfo, "selected proposal: {}", describe(m_.chosen));
  auto job = std::make_shared<DhWork>();
  job->group = static_cast<DhId>(sa.proposal.first(TransformType::kDh)->id);
  m_.dh = job;
  return Outcome::deferred([job] { job->run(); }, [this](IsakmpSa& s) { return send_mm3(s); });
}

Outcome MainModeInitiator::send_mm3(IsakmpSa& sa) {
  if (!m_.dh->error.empty()) return Outcome::failed(m_.dh->error);
  m_.g_xi = m_.dh->public_value();
  Outbound out;
  out.payloads.push_back(w::Payload{w::KePayload{m_.g_xi}});
  out.payloads.push_back(make_nonce(ctx_.options().nonce_size, m_.ni_b));
  Endpoint local{ctx_.local_address(sa), sa.local.port};
  append_all(out.payloads, nat_d_payloads(sa, local, sa.remote, sa.connection->encap));
  append_all(out.payloads, certreq_payloads(sa));
  expected_ = MessageKind::kMm4;
  return Outcome::send(std::move(out), After::kAwaitReply);
}

Outcome MainModeInitiator::on_mm4(IsakmpSa& sa, const Inbound& in) {
  m_.g_xr = w::find<w::KePayload>(in.payloads)->data;
  m_.nr_b = w::find<w::NoncePayload>(in.payloads)->data;
  detect_nat(sa, in.payloads, in.local, in.remote);
  note_certreq(m_, in.payloads);
  if (!is_signature(sa.auth)) {
    std::string why;
    auto psk = find_psk(ctx_.config(), *sa.connection, ctx_.local_address(sa), sa.remote.address,
                        std::nullopt, &m_.psk_name, &why);
    if (!psk) return Outcome::failed(why);
    m_.psk = std::move(*psk);
  }
  auto job = dh_job(m_, sa, m_.g_xr);
  return Outcome::deferred([job] { job->run(); }, [this](IsakmpSa& s) { return send_mm5(s); });
}

Outcome MainModeInitiator::send_mm5(IsakmpSa& sa) {
  if (!m_.dh->error.empty()) return Outcome::failed(m_.dh->error, N::kInvalidKeyInformation);
  if (auto st = derive_keys(sa, m_, m_.dh->shared); !st) return Outcome::failed(st.error().message);
  m_.dh->shared.clear();
  float_to_nat_t_port(ctx_, sa);
  auto id = our_id(ctx_, sa);
  if (!id) return Outcome::failed(id.error().message);
  m_.our_id_b = w::encode_body(*id);
  return with_our_auth(sa, m_, m_.our_id_b,
                       [this, id = std::move(*id)](IsakmpSa& s, Result<Payloads> auth) mutable {
                         if (!auth) return Outcome::failed(auth.error().message);
                         Outbound out;
                         out.encrypt = true;
                         out.payloads.push_back(w::Payload{std::move(id)});
                         append_all(out.payloads, std::move(*auth));
                         if (is_first_contact(ctx_, s))
                           out.payloads.push_back(initial_contact_payload(s));
                         expected_ = MessageKind::kMm6;
                         return Outcome::send(std::move(out), After::kAwaitReply);
                       });
}

Outcome MainModeInitiator::on_mm6(IsakmpSa& sa, const Inbound& in) {
  const auto* id = w::find<w::IdPayload>(in.payloads);
  return with_peer_auth(
      sa, m_, *raw_body_of(in.payloads, w::PayloadType::kId), *id, in.payloads,
      [this, id = *id](IsakmpSa& s, const Status& st) {
        if (!st) {
          return Outcome::failed("MM6: " + st.error().message, N::kAuthenticationFailed);
        }
        if (auto ok = accept_peer_id(ctx_, s, id); !ok) {
          return Outcome::failed("MM6: " + ok.error().message, N::kAuthenticationFailed);
        }
        return Outcome::finished();
      });
}

Outcome MainModeInitiator::on_undecryptable(IsakmpSa& sa, const std::string& why) {
  if (is_signature(sa.auth)) {
    return Outcome::failed(fmt::format("MM6 does not decrypt to valid payloads ({})", why),
                           N::kPayloadMalformed);
  }
  return Outcome::failed(fmt::format("MM6 does not decrypt to valid payloads ({}): most likely "
                                     "the peer's pre-shared key differs from ours ('{}')",
                                     why, m_.psk_name),
                         N::kAuthenticationFailed);
}

void MainModeInitiator::on_finished(IsakmpSa& sa) {
  ctx_.on_phase1_established(sa, false);
}

// ---- responder ----------------------------------------------------------------------------------

Outcome MainModeResponder::on_message(IsakmpSa& sa, const Inbound& in) {
  switch (expected_) {
    case MessageKind::kMm1:
      return on_mm1(sa, in);
    case MessageKind::kMm3:
      return on_mm3(sa, in);
    case MessageKind::kMm5:
      return on_mm5(sa, in);
    default:
      return Outcome::ignore("unexpected message");
  }
}

Outcome MainModeResponder::on_mm1(IsakmpSa& sa, const Inbound& in) {
  const auto* theirs = w::find<w::SaPayload>(in.payloads);
  std::string why;
  auto pick = pick_phase1(ctx_, sa, *theirs, std::nullopt, false, &why);
  if (!pick) {
    ++ctx_.mutable_stats().no_proposal_chosen;
    return Outcome::failed(why, N::kNoProposalChosen);
  }
  sa.connection = pick->connection;
  m_.offered = pick->ours;
  m_.chosen = pick->choice.chosen;
  adopt_transform(sa, m_.chosen);
  read_vendor_ids(sa, in.payloads);
  note_certreq(m_, in.payloads);
  m_.sa_i_b = *raw_body_of(in.payloads, w::PayloadType::kSa);
  sa_log(sa, log::Level::kInfo, "{} is initiating a Main Mode IKE_SA; selected {}",
         sa.remote.to_string(), describe(m_.chosen));
  // RFC 2409 5: the responder returns the transform it chose, exactly as offered.
  w::SaPayload answer = *theirs;
  auto& proposal = answer.proposals.front();
  proposal.transforms = {proposal.transforms[pick->choice.transform_index]};
  Outbound out;
  out.payloads.push_back(w::Payload{std::move(answer)});
  append_all(out.payloads, our_vendor_ids(ctx_, *sa.connection));
  expected_ = MessageKind::kMm3;
  return Outcome::send(std::move(out), After::kAwaitPeer);
}

Outcome MainModeResponder::on_mm3(IsakmpSa& sa, const Inbound& in) {
  note_certreq(m_, in.payloads);
  if (!is_signature(sa.auth)) {
    std::string why;
    auto psk = find_psk(ctx_.config(), *sa.connection, sa.local.address, sa.remote.address,
                        std::nullopt, &m_.psk_name, &why);
    if (!psk) {
      ++ctx_.mutable_stats().auth_failures;
      return Outcome::failed(why, N::kAuthenticationFailed);
    }
    m_.psk = std::move(*psk);
  }
  m_.g_xi = w::find<w::KePayload>(in.payloads)->data;
  m_.ni_b = w::find<w::NoncePayload>(in.payloads)->data;
  detect_nat(sa, in.payloads, in.local, in.remote);
  auto job = dh_job(m_, sa, m_.g_xi);
  return Outcome::deferred([job] { job->run(); }, [this](IsakmpSa& s) { return send_mm4(s); });
}

Outcome MainModeResponder::send_mm4(IsakmpSa& sa) {
  if (!m_.dh->error.empty()) return Outcome::failed(m_.dh->error, N::kInvalidKeyInformation);
  m_.g_xr = m_.dh->public_value();
  Outbound out;
  out.payloads.push_back(w::Payload{w::KePayload{m_.g_xr}});
  out.payloads.push_back(make_nonce(ctx_.options().nonce_size, m_.nr_b));
  append_all(out.payloads, nat_d_payloads(sa, sa.local, sa.remote, sa.connection->encap));
  append_all(out.payloads, certreq_payloads(sa));
  if (auto st = derive_keys(sa, m_, m_.dh->shared); !st) return Outcome::failed(st.error().message);
  m_.dh->shared.clear();
  expected_ = MessageKind::kMm5;
  return Outcome::send(std::move(out), After::kAwaitPeer);
}

Outcome MainModeResponder::on_mm5(IsakmpSa& sa, const Inbound& in) {
  const auto* id = w::find<w::IdPayload>(in.payloads);
  note_certreq(m_, in.payloads);
  initial_contact_ = w::find_notify(in.payloads, N::kInitialContact) != nullptr;
  return with_peer_auth(sa, m_, *raw_body_of(in.payloads, w::PayloadType::kId), *id, in.payloads,
                        [this, id = *id](IsakmpSa& s, const Status& st) {
                          if (!st) {
                            ++ctx_.mutable_stats().auth_failures;
                            return Outcome::failed("MM5: " + st.error().message,
                                                   N::kAuthenticationFailed);
                          }
                          return send_mm6(s, id);
                        });
}

Outcome MainModeResponder::send_mm6(IsakmpSa& sa, const w::IdPayload& id) {
  if (auto ok = accept_peer_id(ctx_, sa, id); !ok) {
    ++ctx_.mutable_stats().auth_failures;
    return Outcome::failed("MM5: " + ok.error().message, N::kAuthenticationFailed);
  }
  auto our = our_id(ctx_, sa);
  if (!our) return Outcome::failed(our.error().message);
  m_.our_id_b = w::encode_body(*our);
  return with_our_auth(sa, m_, m_.our_id_b,
                       [our = std::move(*our)](IsakmpSa&, Result<Payloads> auth) mutable {
                         if (!auth) return Outcome::failed(auth.error().message);
                         Outbound out;
                         out.encrypt = true;
                         out.payloads.push_back(w::Payload{std::move(our)});
                         append_all(out.payloads, std::move(*auth));
                         return Outcome::send(std::move(out), After::kFinished);
                       });
}

Outcome MainModeResponder::on_undecryptable(IsakmpSa& sa, const std::string& why) {
  ++ctx_.mutable_stats().auth_failures;
  if (is_signature(sa.auth)) {
    return Outcome::failed(fmt::format("MM5 from {} does not decrypt to valid payloads ({})",
                                       sa.remote.to_string(), why),
                           N::kPayloadMalformed);
  }
  return Outcome::failed(
      fmt::format("MM5 from {} does not decrypt to valid payloads ({}): most likely the peer's "
                  "pre-shared key differs from ours ('{}', found by the peer's address)",
                  sa.remote.to_string(), why, m_.psk_name),
      N::kAuthenticationFailed);
}

void MainModeResponder::on_finished(IsakmpSa& sa) {
  ctx_.on_phase1_established(sa, initial_contact_);
}

}  // namespace oakley::ikev1
