#include "ikev2/exchanges/child_negotiation.hpp"

#include <fmt/format.h>

#include "crypto/cipher.hpp"
#include "crypto/ikev2_keys.hpp"
#include "ike/diagnosis/failures.hpp"
#include "ikev2/exchange_context.hpp"
#include "ikev2/payload_convert.hpp"
#include "ikev2/sa_log.hpp"
#include "wire/ikev2/names.hpp"

namespace oakley::ikev2 {

namespace w = wire::ikev2;
namespace diag = ike::diagnosis;

namespace {

bool is_key_exchange(const ike::Transform& t) {
  return t.type == TransformType::kDh || is_additional_ke(t.type);
}

// IKE_AUTH carries no KE (RFC 7296 1.2): PFS groups and additional key exchanges are not
// compared there. CREATE_CHILD_SA negotiates both; the additional key exchanges follow it in
// IKE_FOLLOWUP_KE exchanges (RFC 9370 2.2.4, followup_ke.hpp).
std::vector<ike::Proposal> strip_dh(std::vector<ike::Proposal> ps, bool strip) {
  if (!strip) return ps;
  for (auto& p : ps)
    std::erase_if(p.transforms, is_key_exchange);
  return ps;
}

std::vector<ike::Proposal> esp_proposals(const config::Child& child, bool with_dh) {
  return strip_dh(ike::from_config(child.esp_proposals), !with_dh);
}

bool transport_requested(const Payloads& payloads) {
  return w::find_notify(payloads, w::NotifyType::kUseTransportMode) != nullptr;
}

}  // namespace

Result<ChildOffer> make_child_offer(
    ExchangeContext& ctx, IkeSa& sa, const config::Child& child, bool with_dh,
    const std::optional<std::pair<TrafficSelector, TrafficSelector>>& trigger) {
  if (child.mode != config::ChildMode::kTunnel && child.mode != config::ChildMode::kTransport) {
    return make_error(
        fmt::format("child '{}' has mode pass/drop and is never negotiated", child.name));
  }
  if (child.esp_proposals.empty()) {
    return make_error(
        fmt::format("child '{}' has no ESP proposals (AH is not supported)", child.name));
  }
  auto proposals = esp_proposals(child, with_dh);
  auto spi = ctx.allocate_spi();
  if (!spi) return spi.take_error();
  ChildOffer offer;
  offer.child = &child;
  offer.spi_in = *spi;
  offer.proposals = std::move(proposals);
  for (auto& p : offer.proposals)
    p.spi = spi32_bytes(*spi);
  offer.tsi = ctx.local_selectors(sa, child);
  offer.tsr = ctx.remote_selectors(sa, child);
  if (trigger) {
    offer.tsi.insert(offer.tsi.begin(), trigger->first);
    offer.tsr.insert(offer.tsr.begin(), trigger->second);
  }
  offer.transport = child.mode == config::ChildMode::kTransport;
  return offer;
}

void append_offer_payloads(const ChildOffer& offer, Payloads& out) {
  if (offer.transport) {
    out.push_back(w::Payload{w::NotifyPayload::of(w::NotifyType::kUseTransportMode), false});
  }
  out.push_back(w::Payload{to_sa_payload(offer.proposals), false});
  out.push_back(w::Payload{to_ts_payload(w::Side::kInitiator, offer.tsi), false});
  out.push_back(w::Payload{to_ts_payload(w::Side::kResponder, offer.tsr), false});
}

std::variant<ChildChoice, ChildRefusal> choose_child(ExchangeContext& ctx, IkeSa& sa,
                                                     const Payloads& request, bool ignore_dh,
                                                     const config::Child* only) {
  const auto* sa_payload = w::find<w::SaPayload>(request);
  const auto* tsi_p = w::find_ts(request, w::Side::kInitiator);
  const auto* tsr_p = w::find_ts(request, w::Side::kResponder);
  if (!sa_payload || !tsi_p || !tsr_p) {
    return ChildRefusal{w::NotifyType::kInvalidSyntax, "CHILD_SA request without SA, TSi or TSr"};
  }
  auto theirs = from_sa_payload(*sa_payload);
  auto tsi = from_ts_payload(*tsi_p);
  auto tsr = from_ts_payload(*tsr_p);
  bool transport = transport_requested(request);
  ChildRefusal last{w::NotifyType::kTsUnacceptable,
                    fmt::format("no child of connection '{}' accepts TSi {} TSr {}", sa.name(),
                                ike::describe(tsi), ike::describe(tsr))};
  bool proposal_failed = false;
  auto phase = ignore_dh ? diag::Phase::kIkeAuth : diag::Phase::kCreateChildSa;
  diag::Failure cause = diag::selector_mismatch(phase, tsi, tsr, {}, {});
  for (const auto& child : sa.connection->children) {
    if (only && &child != only) continue;
    if (child.mode != config::ChildMode::kTunnel && child.mode != config::ChildMode::kTransport) {
      continue;
    }
    // RFC 7296 2.9: what the peer wants, narrowed to what we allow.
    auto nar_i = ike::narrow(tsi, ctx.remote_selectors(sa, child));
    auto nar_r = ike::narrow(tsr, ctx.local_selectors(sa, child));
    if (nar_i.empty() || nar_r.empty()) {
      if (!proposal_failed) {
        cause = diag::selector_mismatch(phase, tsi, tsr, ctx.local_selectors(sa, child),
                                        ctx.remote_selectors(sa, child));
        cause.child_name = child.name;
        last.reason = fmt::format(
            "traffic selectors unacceptable for child '{}': peer proposed TSi {} TSr {}, we allow "
            "{} === {}",
            child.name, ike::describe(tsi), ike::describe(tsr),
            ike::describe(ctx.remote_selectors(sa, child)),
            ike::describe(ctx.local_selectors(sa, child)));
      }
      continue;
    }
    std::string why;
    auto chosen = ike::select_proposal(esp_proposals(child, !ignore_dh), theirs, ignore_dh, &why);
    if (!chosen) {
      proposal_failed = true;
      last = ChildRefusal{w::NotifyType::kNoProposalChosen,
                          fmt::format("child '{}': {}", child.name, why)};
      cause = diag::proposal_mismatch(
          phase, true, diag::offers(strip_dh(ike::from_config(child.esp_proposals), ignore_dh)),
          diag::offers(strip_dh(theirs, ignore_dh)));
      cause.child_name = child.name;
      continue;
    }
    if (chosen->spi.size() != 4 || load_be32(chosen->spi.data()) < 256) {
      return ChildRefusal{w::NotifyType::kInvalidSyntax, "ESP proposal with an invalid SPI"};
    }
    bool child_transport = child.mode == config::ChildMode::kTransport;
    if (child_transport && !transport) {
      last = ChildRefusal{
          w::NotifyType::kNoProposalChosen,
          fmt::format("child '{}' requires transport mode, peer asked for tunnel", child.name)};
      continue;
    }
    // A transport request for a tunnel child is answered without USE_TRANSPORT_MODE: tunnel.
    return ChildChoice{&child, *chosen, nar_i, nar_r, child_transport};
  }
  cause.we_initiated = false;
  cause.detail = last.reason;
  cause.peer = sa.remote;
  ctx.diagnosis().failed(sa.name(), sa.id, std::move(cause), ctx.timers().now());
  return last;
}

void append_choice_payloads(const ChildChoice& choice, Payloads& out) {
  if (choice.transport) {
    out.push_back(w::Payload{w::NotifyPayload::of(w::NotifyType::kUseTransportMode), false});
  }
  out.push_back(w::Payload{to_sa_payload({choice.chosen}), false});
  out.push_back(w::Payload{to_ts_payload(w::Side::kInitiator, choice.tsi), false});
  out.push_back(w::Payload{to_ts_payload(w::Side::kResponder, choice.tsr), false});
}

std::variant<ChildChoice, ChildRefusal> accept_child_answer(const ChildOffer& offer,
                                                            const Payloads& response,
                                                            bool ignore_dh) {
  if (const auto* err = w::find_error_notify(response)) {
    return ChildRefusal{err->type, fmt::format("peer answered {}", w::notify_name(err->type)),
                        true};
  }
  const auto* sa_payload = w::find<w::SaPayload>(response);
  const auto* tsi_p = w::find_ts(response, w::Side::kInitiator);
  const auto* tsr_p = w::find_ts(response, w::Side::kResponder);
  if (!sa_payload || !tsi_p || !tsr_p) {
    return ChildRefusal{w::NotifyType::kInvalidSyntax, "no SA, TSi or TSr for the CHILD_SA"};
  }
  auto answer = from_sa_payload(*sa_payload);
  if (answer.size() != 1 || !ike::is_valid_answer(offer.proposals, answer.front(), ignore_dh)) {
    return ChildRefusal{
        w::NotifyType::kNoProposalChosen,
        "responder chose an ESP proposal we did not offer: " + ike::describe(answer)};
  }
  if (answer.front().spi.size() != 4) {
    return ChildRefusal{w::NotifyType::kInvalidSyntax, "responder's ESP SPI is not 4 bytes"};
  }
  auto tsi = from_ts_payload(*tsi_p);
  auto tsr = from_ts_payload(*tsr_p);
  if (!ike::is_narrowing_of(tsi, offer.tsi) || !ike::is_narrowing_of(tsr, offer.tsr)) {
    return ChildRefusal{w::NotifyType::kTsUnacceptable,
                        fmt::format("responder widened the selectors to {} === {}",
                                    ike::describe(tsi), ike::describe(tsr))};
  }
  bool transport = transport_requested(response);
  if (offer.transport && !transport) {
    return ChildRefusal{w::NotifyType::kNoProposalChosen,
                        "responder refused transport mode, which our config requires"};
  }
  return ChildChoice{offer.child, answer.front(), tsi, tsr, transport};
}

void note_child_refusal(ExchangeContext& ctx, const IkeSa& sa, const ChildOffer& offer,
                        const ChildRefusal& refusal, bool in_ike_auth) {
  auto phase = in_ike_auth ? diag::Phase::kIkeAuth : diag::Phase::kCreateChildSa;
  diag::Failure f;
  if (refusal.notify == w::NotifyType::kTsUnacceptable) {
    f = diag::selector_mismatch(phase, {}, {}, offer.tsi, offer.tsr);
  } else if (refusal.notify == w::NotifyType::kNoProposalChosen) {
    f = diag::proposal_mismatch(phase, true, diag::offers(strip_dh(offer.proposals, in_ike_auth)),
                                {});
  } else {
    f = diag::from_reason(phase, refusal.reason);
  }
  if (refusal.from_peer) f.peer_notify = w::notify_name(refusal.notify);
  f.detail = refusal.reason;
  f.peer = sa.remote;
  if (offer.child) f.child_name = offer.child->name;
  ctx.diagnosis().failed(sa.name(), sa.id, std::move(f), ctx.timers().now());
}

Result<ChildSa*> establish_child(ExchangeContext& ctx, IkeSa& sa, const config::Child& cfg,
                                 const ike::Proposal& chosen, std::uint32_t spi_in,
                                 std::uint32_t spi_out, const ike::Selectors& local_ts,
                                 const ike::Selectors& remote_ts, bool transport, bool we_initiated,
                                 ByteView nonce_i, ByteView nonce_r, ByteView g_ir,
                                 bool install_outbound, std::uint32_t reqid,
                                 ByteView additional_secrets) {
  auto encr = chosen.first(TransformType::kEncr);
  auto integ = chosen.first(TransformType::kInteg);
  if (!encr) return make_error("ESP proposal without encryption");
  auto encr_id = static_cast<EncrId>(encr->id);
  auto integ_id = integ ? static_cast<IntegId>(integ->id) : IntegId::kNone;
  auto encr_len = crypto::encr_keymat_size(encr_id, encr->key_bits);
  if (!encr_len) return encr_len.take_error();
  auto keys =
      crypto::ikev2::derive_child_sa_keys(sa.prf, sa.sk_d, g_ir, nonce_i, nonce_r, *encr_len,
                                          crypto::integ_key_size(integ_id), additional_secrets);
  if (!keys) return keys.take_error();
  auto child = std::make_unique<ChildSa>();
  child->id = ctx.next_child_id();
  child->config = &cfg;
  child->reqid = reqid ? reqid : ctx.reqid_for_child(sa, cfg, local_ts, remote_ts);
  child->proposal = chosen;
  child->spi_in = spi_in;
  child->spi_out = spi_out;
  child->transport = transport;
  child->udp_encap = sa.nat_any();
  child->local_ts = local_ts;
  child->remote_ts = remote_ts;
  ExchangeContext::ChildKeys ck;
  // KEYMAT order (RFC 7296 2.17): the initiator-to-responder SA's keys come first.
  ck.encr_out = we_initiated ? keys->encr_i : keys->encr_r;
  ck.integ_out = we_initiated ? keys->integ_i : keys->integ_r;
  ck.encr_in = we_initiated ? keys->encr_r : keys->encr_i;
  ck.integ_in = we_initiated ? keys->integ_r : keys->integ_i;
  auto st = ctx.install_child(sa, *child, ck, install_outbound);
  if (!st) {
    ctx.release_spi(spi_in);
    return st.take_error();
  }
  if (!install_outbound) ctx.pending_outbound()[child->id] = std::move(ck);
  child->state = ChildState::kInstalled;
  child->installed_at = ctx.timers().now();
  ChildSa* raw = child.get();
  sa.children.push_back(std::move(child));
  ctx.schedule_child_timers(sa, *raw);
  ++ctx.mutable_stats().child_installed;
  sa_log(sa, *raw, log::Level::kInfo, "CHILD_SA {}{{{}}} established {}", cfg.name, raw->id,
         describe_child(*raw));
  return raw;
}

std::string describe_child(const ChildSa& c) {
  return fmt::format("with SPIs {:08x}_i {:08x}_o and TS {} === {} ({}{}, {})", c.spi_in, c.spi_out,
                     ike::describe(c.local_ts), ike::describe(c.remote_ts),
                     c.transport ? "TRANSPORT" : "TUNNEL", c.udp_encap ? "-in-UDP" : "",
                     ike::describe(c.proposal));
}

}  // namespace oakley::ikev2
