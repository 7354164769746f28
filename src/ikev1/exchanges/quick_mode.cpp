#include "ikev1/exchanges/quick_mode.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "crypto/cipher.hpp"
#include "crypto/compare.hpp"
#include "crypto/ikev1_keys.hpp"
#include "crypto/prf.hpp"
#include "crypto/random.hpp"
#include "ike/diagnosis/failures.hpp"
#include "ikev1/diagnosis_offers.hpp"
#include "ikev1/exchange_context.hpp"
#include "ikev1/sa_log.hpp"
#include "wire/ikev1/names.hpp"

namespace oakley::ikev1 {

namespace w = wire::ikev1;
namespace c1 = crypto::ikev1;
using N = w::NotifyType;
using After = Outcome::After;

namespace {

w::Payload hash_placeholder(const IsakmpSa& sa) {
  return w::Payload{w::HashPayload{Bytes(crypto::prf_output_size(sa.prf), 0)}};
}

// A received Quick Mode message's HASH against what we compute over the rest of it.
bool hash_matches(const Inbound& in, const Result<Bytes>& expected) {
  const auto* h = in.payloads.empty() ? nullptr : in.payloads.front().get<w::HashPayload>();
  return h && expected && crypto::equal_constant_time(h->data, *expected);
}

ByteView after_hash(const Inbound& in) {
  return w::bytes_after(in.plain, in.payloads, 0);
}

Bytes spi_bytes(std::uint32_t spi) {
  Bytes b;
  put_be32(b, spi);
  return b;
}

DhId pfs_group(const EspTransform& t) {
  auto dh = t.proposal.first(TransformType::kDh);
  return dh ? static_cast<DhId>(dh->id) : DhId::kNone;
}

// RFC 3947 5.2: the original addresses, for transport mode checksum fixups behind a NAT.
void append_nat_oa(const IpAddress& initiator, const IpAddress& responder, Payloads& out) {
  out.push_back(w::Payload{w::NatOaPayload{initiator, false}});
  out.push_back(w::Payload{w::NatOaPayload{responder, false}});
}

// On a connection with pools a 'dynamic' remote_ts stands for the peer's virtual IP.
bool leases_dynamic_selectors(const config::Connection& conn) {
  if (conn.pools.empty()) return false;
  for (const auto& child : conn.children) {
    for (const auto& ts : child.remote_ts) {
      if (ts.dynamic) return true;
    }
  }
  return false;
}

std::string lifetime_text(std::uint64_t seconds, std::uint64_t kilobytes) {
  std::string out = seconds ? fmt::format("{}s", seconds) : "no time limit";
  if (kilobytes) out += fmt::format(", {}kB", kilobytes);
  return out;
}

// What diagnose says about a lifetime one side lowered: what was proposed, who lowered it, when.
// `by_peer`: we initiated and the peer's RESPONDER-LIFETIME lowered ours.
void note_lowered(ChildSa& child, const QuickModeMaterial& m, bool by_peer, TimePoint now) {
  if (!m.lowered) return;
  child.proposed_life_seconds = m.proposed_seconds;
  child.proposed_life_kilobytes = m.proposed_kilobytes;
  child.lowered_by_peer = by_peer;
  child.lowered_at = now;
}

}  // namespace

Result<ike::ChildKeys> quick_mode_keys(const IsakmpSa& sa, const ike::Proposal& chosen,
                                       std::uint32_t spi_in, std::uint32_t spi_out, ByteView ni_b,
                                       ByteView nr_b, ByteView g_qm) {
  auto encr = chosen.first(TransformType::kEncr);
  if (!encr) return make_error("no encryption transform");
  auto enc_len = crypto::encr_keymat_size(static_cast<EncrId>(encr->id), encr->key_bits);
  if (!enc_len) return enc_len.take_error();
  std::size_t integ_len = 0;
  if (auto integ = chosen.first(TransformType::kInteg); integ && integ->id) {
    integ_len = crypto::integ_key_size(static_cast<IntegId>(integ->id));
  }
  ike::ChildKeys keys;
  auto protocol = static_cast<std::uint8_t>(w::ProtocolId::kEsp);
  for (bool inbound : {true, false}) {
    auto km =
        c1::qm_keymat(sa.prf, sa.skeyid_d, g_qm, protocol, spi_bytes(inbound ? spi_in : spi_out),
                      ni_b, nr_b, *enc_len + integ_len);
    if (!km) return km.take_error();
    (inbound ? keys.encr_in : keys.encr_out) = km->slice(0, *enc_len);
    (inbound ? keys.integ_in : keys.integ_out) = km->slice(*enc_len, integ_len);
  }
  return keys;
}

// ---- initiator ----------------------------------------------------------------------------------

QuickModeInitiator::QuickModeInitiator(ExchangeContext& ctx, const config::Child& child,
                                       std::size_t pair_index, std::uint32_t rekeying,
                                       std::optional<SelectorPair> selectors, Completion done)
    : ctx_(ctx),
      child_(child),
      pair_index_(pair_index),
      rekeying_(rekeying),
      done_(std::move(done)) {
  if (selectors) {
    selectors_ = *selectors;
    have_selectors_ = true;
  }
}

Outcome QuickModeInitiator::start(IsakmpSa& sa) {
  if (!have_selectors_) {
    auto pairs = selector_pairs(child_, ctx_.local_ts_address(sa), ctx_.remote_ts_address(sa));
    if (pair_index_ >= pairs.size()) {
      return Outcome::failed(fmt::format("child '{}' has no selector pair #{} for {} addresses",
                                         child_.name, pair_index_ + 1,
                                         sa.remote.address.is_v4() ? "IPv4" : "IPv6"));
    }
    selectors_ = pairs[pair_index_];
  }
  bool transport = child_.mode == config::ChildMode::kTransport;
  auto offer = esp_offer(child_, transport, sa.nat_any());
  if (offer.transforms.empty()) {
    return Outcome::failed(fmt::format("child '{}' has no ESP proposal IKEv1 can offer ({})",
                                       child_.name, fmt::join(offer.skipped, "; ")));
  }
  // One KE per Quick Mode: transforms with another PFS group than the first cannot be offered.
  DhId group = pfs_group(offer.transforms.front());
  for (const auto& t : offer.transforms) {
    if (pfs_group(t) == group) m_.offered.push_back(t);
  }
  auto spi = ctx_.allocate_spi();
  if (!spi) return Outcome::failed("no inbound SPI: " + spi.error().message);
  m_.spi_in = *spi;
  ctx_.note_quick_mode(sa, *this);
  if (group == DhId::kNone) return send_qm1(sa);
  m_.dh = std::make_shared<DhWork>();
  m_.dh->group = group;
  auto job = m_.dh;
  return Outcome::deferred([job] { job->run(); }, [this](IsakmpSa& s) { return send_qm1(s); });
}

Outcome QuickModeInitiator::send_qm1(IsakmpSa& sa) {
  if (m_.dh && !m_.dh->error.empty()) return Outcome::failed(m_.dh->error);
  Outbound out;
  out.encrypt = true;
  out.payloads.push_back(hash_placeholder(sa));
  out.payloads.push_back(w::Payload{esp_sa_payload(m_.offered, m_.spi_in)});
  out.payloads.push_back(
      w::Payload{w::NoncePayload{crypto::random_bytes(ctx_.options().nonce_size)}});
  m_.ni_b = out.payloads.back().get<w::NoncePayload>()->data;
  if (m_.dh) out.payloads.push_back(w::Payload{w::KePayload{m_.dh->public_value()}});
  append_proxy_ids(ProxyIds{selectors_.local, selectors_.remote}, out.payloads);
  if (m_.offered.front().transport && sa.nat_any()) {
    append_nat_oa(ctx_.local_address(sa), sa.remote.address, out.payloads);
  }
  out.fill_hash = [prf = sa.prf, key = sa.skeyid_a, mid = message_id()](ByteView after) {
    return c1::qm_hash1(prf, key, mid, after);
  };
  sa_log(sa, log::Level::kInfo, "{} CHILD_SA {} {} ({})", rekeying_ ? "rekeying" : "initiating",
         child_.name, describe(selectors_), describe(m_.offered));
  return Outcome::send(std::move(out), After::kAwaitReply);
}

Outcome QuickModeInitiator::on_message(IsakmpSa& sa, const Inbound& in) {
  if (!hash_matches(in, c1::qm_hash2(sa.prf, sa.skeyid_a, message_id(), m_.ni_b, after_hash(in)))) {
    return Outcome::ignore("QM2 HASH(2) does not verify");
  }
  auto chosen = check_esp_answer(m_.offered, *w::find<w::SaPayload>(in.payloads));
  if (!chosen) return Outcome::failed("invalid QM2: " + chosen.error().message);
  m_.chosen = *chosen;
  m_.spi_out = load_be32(m_.chosen.proposal.spi.data());
  m_.nr_b = w::find<w::NoncePayload>(in.payloads)->data;
  const auto* ke = w::find<w::KePayload>(in.payloads);
  if (m_.dh && !ke) return Outcome::failed("QM2 has no KE payload although we asked for PFS");
  auto ids = read_proxy_ids(in.payloads);
  if (!ids) return Outcome::failed("QM2: " + ids.error().message);
  if (*ids) {
    // The responder may narrow our proxies, never widen them.
    if (!selectors_.local.contains((*ids)->initiator) ||
        !selectors_.remote.contains((*ids)->responder)) {
      return Outcome::failed(fmt::format("QM2 proxy IDs {} === {} are not within ours {}",
                                         (*ids)->initiator.to_string(),
                                         (*ids)->responder.to_string(), describe(selectors_)));
    }
    selectors_ = {(*ids)->initiator, (*ids)->responder};
  }
  m_.life_seconds = m_.chosen.life_seconds;
  m_.life_kilobytes = m_.chosen.life_kilobytes;
  if (const auto* rl = w::find_notify(in.payloads, N::kResponderLifetime)) {
    std::uint64_t s = m_.life_seconds, kb = m_.life_kilobytes;
    parse_lifetime_attributes(rl->data, s, kb);
    ++ctx_.mutable_stats().responder_lifetime_received;
    sa_log(sa, ike::ChildSpis{m_.spi_in, m_.spi_out}, log::Level::kInfo,
           "responder lowered the lifetime of CHILD_SA {}: proposed {}, using {}", child_.name,
           lifetime_text(m_.life_seconds, m_.life_kilobytes), lifetime_text(s, kb));
    m_.lowered = s != m_.life_seconds || kb != m_.life_kilobytes;
    m_.proposed_seconds = m_.life_seconds;
    m_.proposed_kilobytes = m_.life_kilobytes;
    m_.life_seconds = s;
    m_.life_kilobytes = kb;
  }
  if (!m_.dh) return finish(sa);
  m_.dh->peer_public = ke->data;
  auto job = m_.dh;
  return Outcome::deferred([job] { job->run(); }, [this](IsakmpSa& s) { return finish(s); });
}

Outcome QuickModeInitiator::finish(IsakmpSa& sa) {
  if (m_.dh && !m_.dh->error.empty()) return Outcome::failed(m_.dh->error);
  ByteView g_qm = m_.dh ? m_.dh->shared.view() : ByteView{};
  auto keys =
      quick_mode_keys(sa, m_.chosen.proposal, m_.spi_in, m_.spi_out, m_.ni_b, m_.nr_b, g_qm);
  if (m_.dh) m_.dh->shared.clear();
  if (!keys) return Outcome::failed("KEYMAT: " + keys.error().message);
  ChildSa& child = ctx_.add_child(sa, child_, pair_index_);
  child_id_ = child.id;
  child.proposal = m_.chosen.proposal;
  child.spi_in = m_.spi_in;
  child.spi_out = m_.spi_out;
  child.transport = m_.chosen.transport;
  child.udp_encap = sa.nat_any();
  child.local_ts = {selectors_.local};
  child.remote_ts = {selectors_.remote};
  child.reqid = ctx_.reqid_for_child(sa, child);
  child.life_seconds = m_.life_seconds;
  child.life_kilobytes = m_.life_kilobytes;
  child.lifetime_lowered = m_.lowered;
  note_lowered(child, m_, true, ctx_.timers().now());
  auto st = ctx_.install_inbound(sa, child, *keys);
  if (st && rekeying_) {
    ctx_.install_outbound_soon(child, std::move(*keys));  // the old pair carries on meanwhile
  } else if (st) {
    st = ctx_.install_outbound(sa, child, *keys);
  }
  if (!st) return Outcome::failed("data plane refused the SAs: " + st.error().message);
  Outbound out;
  out.encrypt = true;
  auto hash = c1::qm_hash3(sa.prf, sa.skeyid_a, message_id(), m_.ni_b, m_.nr_b);
  if (!hash) return Outcome::failed(hash.error().message);
  out.payloads.push_back(w::Payload{w::HashPayload{std::move(*hash)}});
  return Outcome::send(std::move(out), After::kFinished);
}

void QuickModeInitiator::on_finished(IsakmpSa& sa) {
  if (ChildSa* c = sa.find_child(child_id_)) {
    ctx_.on_child_established(sa, *c, rekeying_, true, collided());
    ctx_.report_child_established(sa, *c);
  }
  child_id_ = 0;
  if (auto done = std::move(done_)) done(Status{});
}

void QuickModeInitiator::abort(IsakmpSa& sa, std::string_view why) {
  if (child_id_) ctx_.remove_child(sa, child_id_, ExchangeContext::ChildEnd::kFailed);
  child_id_ = 0;
  if (rekeying_) ctx_.rekey_failed(rekeying_);
  if (auto done = std::move(done_)) done(make_error(std::string(why)));
}

std::optional<ike::diagnosis::Failure> QuickModeInitiator::refused_with(
    w::NotifyType notify) const {
  namespace diag = ike::diagnosis;
  diag::Failure f;
  if (notify == N::kInvalidIdInformation) {  // QM1 went out: selectors_ are set
    f = diag::selector_mismatch(diag::Phase::kQuickMode, {}, {}, {selectors_.local},
                                {selectors_.remote});
  } else if (notify == N::kNoProposalChosen) {
    f = diag::proposal_mismatch(diag::Phase::kQuickMode, true, offers_of(m_.offered), {});
  } else {
    f = diag::from_reason(diag::Phase::kQuickMode,
                          "peer refused the Quick Mode with " + w::notify_name(notify));
  }
  f.peer_notify = w::notify_name(notify);
  f.child_name = child_.name;
  return f;
}

// ---- responder ----------------------------------------------------------------------------------

Outcome QuickModeResponder::on_message(IsakmpSa& sa, const Inbound& in) {
  return expected_ == MessageKind::kQm1 ? on_qm1(sa, in) : on_qm3(sa, in);
}

Outcome QuickModeResponder::on_qm1(IsakmpSa& sa, const Inbound& in) {
  if (!hash_matches(in, c1::qm_hash1(sa.prf, sa.skeyid_a, message_id(), after_hash(in)))) {
    return Outcome::ignore("QM1 HASH(1) does not verify");
  }
  auto outcome = evaluate_qm1(sa, in);
  if (outcome.kind == Outcome::Kind::kFailed) {
    // The initiator finds the refused Quick Mode by the SPI it offered.
    const auto* theirs = w::find<w::SaPayload>(in.payloads);
    if (!theirs->proposals.empty()) outcome.notify_spi = theirs->proposals.front().spi;
  }
  return outcome;
}

Outcome QuickModeResponder::evaluate_qm1(IsakmpSa& sa, const Inbound& in) {
  auto& stats = ctx_.mutable_stats();
  auto ids = read_proxy_ids(in.payloads);
  if (!ids) return Outcome::failed(ids.error().message, N::kInvalidIdInformation);
  if (leases_dynamic_selectors(*sa.connection) && !ctx_.peer_lease(sa)) {
    // Without its own lease the peer's selectors would fall back to its IKE address, or be
    // narrowed to whatever it proposes: a client must take its address with Mode Config first.
    ++stats.invalid_id_information;
    ++stats.quick_modes_without_lease;
    return Outcome::failed(
        fmt::format("Quick Mode before Mode Config: connection '{}' assigns virtual IPs from its "
                    "pools and the peer holds none",
                    sa.name()),
        N::kInvalidIdInformation);
  }
  IpAddress local = ctx_.local_address(sa);
  ProxyIds proposed = *ids ? **ids
                           : ProxyIds{TrafficSelector::from_prefix(sa.remote.address,
                                                                   sa.remote.address.max_prefix()),
                                      TrafficSelector::from_prefix(local, local.max_prefix())};
  std::string why;
  auto match = match_proxy_ids(*sa.connection, ctx_.local_ts_address(sa),
                               ctx_.remote_ts_address(sa), proposed, &why);
  if (!match) {
    ++stats.invalid_id_information;
    ctx_.diagnosis().failed(sa.name(), sa.id,
                            proxy_id_mismatch(*sa.connection, ctx_.local_ts_address(sa),
                                              ctx_.remote_ts_address(sa), proposed),
                            ctx_.timers().now());
    return Outcome::failed(why, N::kInvalidIdInformation);
  }
  match_ = *match;
  if (match_.narrowed) {
    sa_log(sa, log::Level::kInfo, "narrowed proxy IDs {} === {} to {}",
           proposed.responder.to_string(), proposed.initiator.to_string(),
           describe(match_.selectors));
  }
  if (*ids) echo_ids_ = ProxyIds{match_.selectors.remote, match_.selectors.local};
  const auto& child = *match_.child;
  bool transport = child.mode == config::ChildMode::kTransport;
  m_.offered = esp_offer(child, transport, sa.nat_any()).transforms;
  const auto* theirs = w::find<w::SaPayload>(in.payloads);
  auto choice = select_esp(m_.offered, *theirs, &why);
  if (!choice) {
    ++stats.no_proposal_chosen;
    auto f = esp_mismatch(m_.offered, *theirs);
    f.child_name = child.name;
    ctx_.diagnosis().failed(sa.name(), sa.id, std::move(f), ctx_.timers().now());
    return Outcome::failed(fmt::format("CHILD_SA {}: {}", child.name, why), N::kNoProposalChosen);
  }
  m_.chosen = choice->chosen;
  m_.spi_out = load_be32(m_.chosen.proposal.spi.data());
  m_.ni_b = w::find<w::NoncePayload>(in.payloads)->data;
  const auto* ke = w::find<w::KePayload>(in.payloads);
  DhId group = pfs_group(m_.chosen);
  if ((group != DhId::kNone) != (ke != nullptr)) {
    return Outcome::failed(
        fmt::format("CHILD_SA {}: the chosen transform's PFS group is {} but QM1 {} a KE payload",
                    child.name, dh_name(group), ke ? "carries" : "lacks"),
        N::kNoProposalChosen);
  }
  // Lifetimes (RFC 2407 4.5: without an attribute the SA lives 28800 s).
  std::uint64_t theirs_s = m_.chosen.life_seconds ? m_.chosen.life_seconds : kDefaultIpsecLifetime;
  std::uint64_t ours_s = child_life_seconds(child), ours_kb = child_life_kilobytes(child);
  m_.life_seconds = theirs_s;
  m_.life_kilobytes = m_.chosen.life_kilobytes;
  if (ours_s && theirs_s > ours_s) m_.life_seconds = ours_s;
  if (ours_kb && (!m_.life_kilobytes || m_.life_kilobytes > ours_kb)) m_.life_kilobytes = ours_kb;
  m_.lowered = m_.life_seconds != theirs_s || m_.life_kilobytes != m_.chosen.life_kilobytes;
  m_.proposed_seconds = theirs_s;
  m_.proposed_kilobytes = m_.chosen.life_kilobytes;
  if (m_.lowered) {
    sa_log(sa, log::Level::kInfo,
           "CHILD_SA {}: peer proposed {}, our limit is {}: lowering it with RESPONDER-LIFETIME",
           child.name, lifetime_text(theirs_s, m_.chosen.life_kilobytes),
           lifetime_text(m_.life_seconds, m_.life_kilobytes));
  }
  auto spi = ctx_.allocate_spi();
  if (!spi) return Outcome::failed("no inbound SPI: " + spi.error().message);
  m_.spi_in = *spi;
  answer_ = esp_answer(*theirs, *choice, m_.spi_in);
  ctx_.note_quick_mode(sa, *this);
  m_.dh = std::make_shared<DhWork>();
  if (group == DhId::kNone) return send_qm2(sa);
  m_.dh->group = group;
  m_.dh->peer_public = ke->data;
  auto job = m_.dh;
  return Outcome::deferred([job] { job->run(); }, [this](IsakmpSa& s) { return send_qm2(s); });
}

Outcome QuickModeResponder::send_qm2(IsakmpSa& sa) {
  bool pfs = m_.dh->group != DhId::kNone;
  if (pfs && !m_.dh->error.empty()) return Outcome::failed(m_.dh->error, N::kInvalidKeyInformation);
  Outbound out;
  out.encrypt = true;
  out.payloads.push_back(hash_placeholder(sa));
  out.payloads.push_back(w::Payload{answer_});
  out.payloads.push_back(
      w::Payload{w::NoncePayload{crypto::random_bytes(ctx_.options().nonce_size)}});
  m_.nr_b = out.payloads.back().get<w::NoncePayload>()->data;
  if (pfs) out.payloads.push_back(w::Payload{w::KePayload{m_.dh->public_value()}});
  if (echo_ids_) append_proxy_ids(*echo_ids_, out.payloads);
  if (m_.lowered) {
    w::NotifyPayload n;
    n.protocol = w::ProtocolId::kEsp;
    n.spi = spi_bytes(m_.spi_in);
    n.type = N::kResponderLifetime;
    n.data = lifetime_attributes(m_.life_seconds, m_.life_kilobytes);
    out.payloads.push_back(w::Payload{std::move(n)});
    ++ctx_.mutable_stats().responder_lifetime_sent;
  }
  if (m_.chosen.transport && sa.nat_any()) {
    append_nat_oa(sa.remote.address, ctx_.local_address(sa), out.payloads);
  }
  ByteView g_qm = pfs ? m_.dh->shared.view() : ByteView{};
  auto keys =
      quick_mode_keys(sa, m_.chosen.proposal, m_.spi_in, m_.spi_out, m_.ni_b, m_.nr_b, g_qm);
  m_.dh->shared.clear();
  if (!keys) return Outcome::failed("KEYMAT: " + keys.error().message);
  keys_ = std::move(*keys);
  ChildSa& child = ctx_.add_child(sa, *match_.child, match_.pair_index);
  child_id_ = child.id;
  child.proposal = m_.chosen.proposal;
  child.spi_in = m_.spi_in;
  child.spi_out = m_.spi_out;
  child.transport = m_.chosen.transport;
  child.udp_encap = sa.nat_any();
  child.local_ts = {match_.selectors.local};
  child.remote_ts = {match_.selectors.remote};
  child.reqid = ctx_.reqid_for_child(sa, child);
  child.life_seconds = m_.life_seconds;
  child.life_kilobytes = m_.life_kilobytes;
  child.lifetime_lowered = m_.lowered;
  note_lowered(child, m_, false, ctx_.timers().now());
  // Inbound now: the initiator may send ESP as soon as it has QM2, before QM3 reaches us.
  if (auto st = ctx_.install_inbound(sa, child, keys_); !st) {
    return Outcome::failed("data plane refused the inbound SA: " + st.error().message);
  }
  out.fill_hash = [prf = sa.prf, key = sa.skeyid_a, mid = message_id(),
                   ni = m_.ni_b](ByteView after) { return c1::qm_hash2(prf, key, mid, ni, after); };
  expected_ = MessageKind::kQm3;
  return Outcome::send(std::move(out), After::kAwaitReply);
}

Outcome QuickModeResponder::on_qm3(IsakmpSa& sa, const Inbound& in) {
  if (!hash_matches(in, c1::qm_hash3(sa.prf, sa.skeyid_a, message_id(), m_.ni_b, m_.nr_b))) {
    return Outcome::ignore("QM3 HASH(3) does not verify");
  }
  ChildSa* child = sa.find_child(child_id_);
  if (!child) return Outcome::failed("the CHILD_SA went away before QM3");
  if (auto st = ctx_.install_outbound(sa, *child, keys_); !st) {
    return Outcome::failed("data plane refused the outbound SA: " + st.error().message);
  }
  keys_ = {};
  return Outcome::finished();
}

void QuickModeResponder::on_finished(IsakmpSa& sa) {
  if (ChildSa* c = sa.find_child(child_id_)) {
    ctx_.on_child_established(sa, *c, 0, false, collided());
    ctx_.report_child_established(sa, *c);
  }
  child_id_ = 0;
}

void QuickModeResponder::abort(IsakmpSa& sa, std::string_view why) {
  (void)why;
  if (child_id_) ctx_.remove_child(sa, child_id_, ExchangeContext::ChildEnd::kFailed);
  child_id_ = 0;
}

}  // namespace oakley::ikev1
