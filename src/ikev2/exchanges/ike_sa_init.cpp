#include "ikev2/exchanges/ike_sa_init.hpp"

#include <fmt/format.h>

#include "common/log_summary.hpp"
#include "crypto/random.hpp"
#include "ike/connection_match.hpp"
#include "ike/diagnosis/failures.hpp"
#include "ike/log_context.hpp"
#include "ikev2/exchange_context.hpp"
#include "ikev2/exchanges/authentication.hpp"
#include "ikev2/exchanges/cookie.hpp"
#include "ikev2/exchanges/ike_intermediate.hpp"
#include "ikev2/exchanges/nat_detection.hpp"
#include "ikev2/ike_keys.hpp"
#include "ikev2/payload_convert.hpp"
#include "ikev2/payload_rules.hpp"
#include "ikev2/sa_log.hpp"
#include "wire/ikev2/describe.hpp"
#include "wire/ikev2/names.hpp"

namespace oakley::ikev2 {

namespace w = wire::ikev2;

namespace {

constexpr int kMaxCookieRetries = 3;
constexpr int kMaxKeRetries = 2;

w::Payload notify(w::NotifyType type, Bytes data = {}) {
  return w::Payload{w::NotifyPayload::of(type, std::move(data)), false};
}

Bytes group_bytes(DhId group) {
  Bytes b;
  put_be16(b, static_cast<std::uint16_t>(group));
  return b;
}

bool offers_group(const std::vector<ike::Proposal>& ps, DhId group) {
  for (const auto& p : ps) {
    for (const auto& t : p.of_type(TransformType::kDh)) {
      if (t.id == static_cast<std::uint16_t>(group)) return true;
    }
  }
  return false;
}

DhId first_group(const std::vector<ike::Proposal>& ps) {
  for (const auto& p : ps) {
    if (auto t = p.first(TransformType::kDh)) return static_cast<DhId>(t->id);
  }
  return DhId::kNone;
}

// Restricts DH transforms to one group, to prefer a proposal that fits the KE we got.
std::vector<ike::Proposal> only_group(std::vector<ike::Proposal> ps, DhId group) {
  for (auto& p : ps) {
    std::erase_if(p.transforms, [&](const ike::Transform& t) {
      return t.type == TransformType::kDh && t.id != static_cast<std::uint16_t>(group);
    });
  }
  return ps;
}

bool wants_fragmentation(const IkeSa& sa) {
  return sa.connection && sa.connection->fragmentation != config::Fragmentation::kNo;
}

}  // namespace

// ----- initiator ---------------------------------------------------------------------------

Result<Payloads> IkeSaInitTask::build_request(IkeSa& sa) {
  offered_ = ike::from_config(sa.connection->proposals);
  if (sa.ke_group == DhId::kNone) sa.ke_group = first_group(offered_);
  if (sa.ke_group == DhId::kNone) return make_error("IKE proposals contain no DH group");
  if (sa.local.address.is_unspecified()) {
    if (auto src = ctx_.source_for(sa.remote.address)) sa.local.address = *src;
  }
  if (!sa.dh || sa.dh->id() != sa.ke_group) {
    auto dh = crypto::DhKeyPair::generate(sa.ke_group);
    if (!dh) return dh.take_error();
    sa.dh = std::move(*dh);
  }
  if (sa.nonce_i.empty()) sa.nonce_i = crypto::random_bytes(ctx_.options().nonce_size);
  Payloads out;
  if (!sa.cookie.empty()) out.push_back(notify(w::NotifyType::kCookie, sa.cookie));
  out.push_back(w::Payload{to_sa_payload(offered_), false});
  auto pub = sa.dh->public_value();
  out.push_back(w::Payload{w::KePayload{sa.ke_group, Bytes(pub.begin(), pub.end())}, false});
  out.push_back(w::Payload{w::NoncePayload{sa.nonce_i}, false});
  for (auto& p : nat_detection_payloads(sa.spi_i, 0, sa.local, sa.remote, sa.connection->encap)) {
    out.push_back(std::move(p));
  }
  if (wants_fragmentation(sa)) out.push_back(notify(w::NotifyType::kIkev2FragmentationSupported));
  if (ctx_.config().daemon.signature_authentication) {
    out.push_back(signature_hash_algorithms_notify());
  }
  if (ike::offers_additional_ke(offered_)) out.push_back(intermediate_supported_notify());
  return out;
}

Step IkeSaInitTask::on_error_notify(IkeSa& sa, const Payloads& payloads) {
  if (const auto* c = w::find_notify(payloads, w::NotifyType::kCookie)) {
    if (++cookie_retries_ > kMaxCookieRetries)
      return Step::failed("responder keeps demanding cookies");
    sa_log(sa, log::Level::kInfo, "received COOKIE, retrying with it");
    sa.cookie = c->data;
    return Step::resend();
  }
  if (const auto* ke = w::find_notify(payloads, w::NotifyType::kInvalidKePayload)) {
    if (ke->data.size() != 2) return Step::failed("INVALID_KE_PAYLOAD without a group");
    auto group = static_cast<DhId>(load_be16(ke->data.data()));
    if (!offers_group(offered_, group) || group == sa.ke_group || ++ke_retries_ > kMaxKeRetries) {
      return Step::failed(
          fmt::format("peer wants DH group {} which we did not offer", dh_name(group)));
    }
    sa_log(sa, log::Level::kInfo, "peer wants DH group {} instead of {}, retrying", dh_name(group),
           dh_name(sa.ke_group));
    sa.ke_group = group;
    sa.dh.reset();
    return Step::resend();
  }
  if (const auto* err = w::find_error_notify(payloads)) {
    std::string why = fmt::format("peer answered {}", w::notify_name(err->type));
    if (err->type == w::NotifyType::kNoProposalChosen) {
      ++ctx_.mutable_stats().no_proposal_chosen;
      why += fmt::format(" (we offered {})", ike::describe(offered_));
      auto f = ike::diagnosis::proposal_mismatch(ike::diagnosis::Phase::kIkeSaInit, false,
                                                 ike::diagnosis::offers(offered_), {});
      f.peer_notify = w::notify_name(err->type);
      ctx_.diagnosis().failed(sa.name(), sa.id, std::move(f), ctx_.timers().now());
    }
    return Step::failed(why);
  }
  return Step::failed("IKE_SA_INIT response without SA, KE or Nonce");
}

Step IkeSaInitTask::process_response(IkeSa& sa, const Payloads& payloads, ByteView raw) {
  const auto* sa_payload = w::find<w::SaPayload>(payloads);
  const auto* ke = w::find<w::KePayload>(payloads);
  const auto* nonce = w::find<w::NoncePayload>(payloads);
  if (!sa_payload || !ke || !nonce) return on_error_notify(sa, payloads);
  auto header = w::peek_header(raw);
  if (!header || header->responder_spi == 0) return Step::failed("responder sent no SPI");
  auto answer = from_sa_payload(*sa_payload);
  if (answer.size() != 1 || !ike::is_valid_answer(offered_, answer.front())) {
    return Step::failed("responder chose a proposal we did not offer: " + ike::describe(answer));
  }
  auto dh_t = answer.front().first(TransformType::kDh);
  if (!dh_t || static_cast<DhId>(dh_t->id) != ke->group || ke->group != sa.ke_group) {
    return Step::failed("responder's KE group does not match the chosen proposal");
  }
  sa.spi_r = header->responder_spi;
  sa.proposal = answer.front();
  if (auto st = note_intermediate_exchanges(sa, payloads); !st)
    return Step::failed(st.error().message);
  sa.nonce_r = nonce->data;
  sa.init_response.assign(raw.begin(), raw.end());
  // RFC 7383 2.3: negotiated only when both announced it (we did only if our config wants it).
  sa.peer_supports_fragmentation =
      w::find_notify(payloads, w::NotifyType::kIkev2FragmentationSupported) != nullptr &&
      wants_fragmentation(sa);
  note_auth_announcements(sa, payloads);
  auto nat = check_nat(payloads, sa.spi_i, sa.spi_r, sa.local, sa.remote);
  sa.nat_local = nat.local_behind;
  sa.nat_remote = nat.remote_behind || sa.connection->encap;

  auto job = std::make_shared<DhJob>();
  job->group = sa.ke_group;
  job->dh = std::move(sa.dh);
  job->peer_public = ke->data;
  job->inputs = IkeKeyInputs{sa.proposal, sa.nonce_i, sa.nonce_r, sa.spi_i, sa.spi_r, true, {}};
  job->inputs.key_log = ctx_.key_log();
  return Step::deferred(
      [job] { job->run(); },
      [this, job](IkeSa& s) -> Step {
        s.dh = std::move(job->dh);
        if (!job->result)
          return Step::failed("key derivation failed: " + job->result.error().message);
        auto& k = *job->result;
        s.prf = k.prf;
        s.sk_d = std::move(k.sk_d);
        s.sk_pi = std::move(k.sk_pi);
        s.sk_pr = std::move(k.sk_pr);
        s.crypter = std::move(k.crypter);
        if (s.nat_any()) {
          // RFC 7296 2.23: after detecting a NAT, the initiator moves to port 4500.
          // A peer on a non-standard port keeps it (as strongSwan does).
          if (s.local.port == s.config_snapshot->daemon.port)
            s.local.port = s.config_snapshot->daemon.port_nat_t;
          if (s.remote.port == 500) s.remote.port = 4500;
          sa_log(s, log::Level::kInfo, "{} NAT detected, switching to {}",
                 s.nat_local ? "local" : "remote", s.remote.to_string());
        }
        queue_intermediate_exchanges(ctx_, s);
        return Step::done();
      });
}

// ----- responder ---------------------------------------------------------------------------

namespace {

bool refuse_for_load(ExchangeContext& ctx, const Endpoint& remote) {
  const auto& d = ctx.config().daemon;
  if (d.dos_protection && d.block_threshold &&
      ctx.half_open_from(remote.address) >= d.block_threshold) {
    static log::EventSummary dropped(
        log::Level::kInfo, "ike",
        "IKE_SA_INIT dropped: too many half-open IKE SAs from one address");
    const std::size_t n = ctx.half_open_from(remote.address);
    log::debug("ike", "dropping IKE_SA_INIT from {}: {} half-open IKE SAs from that address",
               remote.to_string(), n);
    dropped.record_with([&] { return fmt::format("{} with {}", remote.to_string(), n); });
    ++ctx.mutable_stats().init_dropped_half_open_limit;
    return true;
  }
  if (d.init_limit_half_open && ctx.half_open_count() >= d.init_limit_half_open) {
    ++ctx.mutable_stats().init_dropped_half_open_limit;
    return true;
  }
  return false;
}

// RFC 7296 2.6: the COOKIE must be the first payload of the retried request. A COOKIE that does
// not verify (forged, or older than the previous secret) is counted.
bool cookie_ok(ExchangeContext& ctx, const w::Message& msg, const Endpoint& remote,
               const w::NoncePayload& nonce) {
  if (msg.payloads.empty()) return false;
  const auto* n = msg.payloads.front().get<w::NotifyPayload>();
  if (!n || n->type != w::NotifyType::kCookie) return false;
  if (ctx.cookie_secrets().verify(n->data, nonce.data, remote.address, msg.header.initiator_spi)) {
    return true;
  }
  ++ctx.mutable_stats().cookies_rejected;
  log::debug("ike", "COOKIE from {} does not verify, sending a new one", remote.to_string());
  return false;
}

// Picks our proposal, preferring one whose group fits the peer's KE (saves a round trip).
std::optional<ike::Proposal> choose(const std::vector<ike::Proposal>& ours,
                                    const std::vector<ike::Proposal>& theirs, DhId ke_group,
                                    std::string* why) {
  if (auto fit =
          ike::select_proposal(only_group(ours, ke_group), only_group(theirs, ke_group), false)) {
    return fit;
  }
  return ike::select_proposal(ours, theirs, false, why);
}

Reply finish_responder_init(ExchangeContext& ctx, IkeSa& sa, std::shared_ptr<DhJob> job) {
  sa.dh = std::move(job->dh);
  if (!job->result) {
    sa_log(sa, log::Level::kWarn, "IKE_SA_INIT failed: {}", job->result.error().message);
    return Reply::error(w::NotifyType::kInvalidSyntax)
        .as_stateless()
        .ending_sa(job->result.error().message, true);
  }
  auto& k = *job->result;
  sa.prf = k.prf;
  sa.sk_d = std::move(k.sk_d);
  sa.sk_pi = std::move(k.sk_pi);
  sa.sk_pr = std::move(k.sk_pr);
  sa.crypter = std::move(k.crypter);
  Payloads out;
  out.push_back(w::Payload{to_sa_payload({sa.proposal}), false});
  auto pub = sa.dh->public_value();
  out.push_back(w::Payload{w::KePayload{sa.dh->id(), Bytes(pub.begin(), pub.end())}, false});
  out.push_back(w::Payload{w::NoncePayload{sa.nonce_r}, false});
  for (auto& p :
       nat_detection_payloads(sa.spi_i, sa.spi_r, sa.local, sa.remote, sa.connection->encap)) {
    out.push_back(std::move(p));
  }
  for (auto& p : certreq_payloads(sa, *sa.connection))
    out.push_back(std::move(p));
  if (sa.peer_supports_fragmentation) {
    out.push_back(notify(w::NotifyType::kIkev2FragmentationSupported));
  }
  if (ctx.config().daemon.signature_authentication) {
    out.push_back(signature_hash_algorithms_notify());
  }
  if (!sa.intermediate.pending.empty()) out.push_back(intermediate_supported_notify());
  // The DH private value is no longer needed once g^ir is known.
  sa.dh.reset();
  return Reply::send(std::move(out));
}

// A stateless refusal: per message at debug (`line`), summarised at `summary`'s level (`brief`).
InitReply refuse(log::EventSummary& summary, const std::string& line, const std::string& brief,
                 w::NotifyType type, Bytes data = {}) {
  log::debug("ike", "{}", line);
  summary.record_with([&] { return brief; });
  return InitReply::stateless_error(type, std::move(data));
}

}  // namespace

InitReply IkeSaInitResponder::respond(const InitRequest& in) {
  const auto& msg = in.message;
  const auto& remote = in.remote;
  const auto& h = msg.header;
  // Unauthenticated and possibly a flood: per message at debug; once an IKE SA is created for it,
  // that is logged at info ("... is initiating an IKE_SA").
  log::debug("ike", "received IKE_SA_INIT request 0 {} from {} ({:016x}_i)",
             w::describe_payloads(msg.payloads), remote.to_string(), h.initiator_spi);
  if (refuse_for_load(ctx_, remote)) return {};
  if (auto bad = check_payload_rules(h.exchange_type, false, msg.payloads)) {
    static log::EventSummary invalid(log::Level::kInfo, "ike", "invalid IKE_SA_INIT requests");
    return refuse(invalid, fmt::format("invalid IKE_SA_INIT from {}: {}", remote.to_string(), *bad),
                  fmt::format("from {}: {}", remote.to_string(), *bad),
                  w::NotifyType::kInvalidSyntax);
  }
  const config::Connection* conn =
      ike::best_by_address(ctx_.config(), config::IkeVersion::kIkev2, in.local.address,
                           remote.address, ctx_.host_names());
  if (!conn) {
    static log::EventSummary unknown(
        log::Level::kWarn, "ike", "IKE_SA_INIT from peers no IKEv2 connection is configured for");
    return refuse(unknown,
                  fmt::format("no IKEv2 connection configured for {}...{}, sending "
                              "NO_PROPOSAL_CHOSEN",
                              in.local.address.to_string(), remote.address.to_string()),
                  fmt::format("{}...{}, answered NO_PROPOSAL_CHOSEN", in.local.address.to_string(),
                              remote.address.to_string()),
                  w::NotifyType::kNoProposalChosen);
  }
  // From here the lines (cookies, a refused proposal or group) are about `conn` as well:
  // `oakctl trace --connection` shows them, not only `--peer`.
  auto named = ike::datagram_log_context(remote, in.raw);
  named.connection = conn->name;
  log::ContextScope scope(std::move(named));
  return for_connection(in, *conn);
}

InitReply IkeSaInitResponder::for_connection(const InitRequest& in,
                                             const config::Connection& conn) {
  const auto& msg = in.message;
  const auto& remote = in.remote;
  const auto& h = msg.header;
  const auto* sa_payload = w::find<w::SaPayload>(msg.payloads);
  const auto* ke = w::find<w::KePayload>(msg.payloads);
  const auto* nonce = w::find<w::NoncePayload>(msg.payloads);
  if (ctx_.cookies_required(remote.address) && !cookie_ok(ctx_, msg, remote, *nonce)) {
    ++ctx_.mutable_stats().cookies_sent;
    return InitReply::stateless_error(
        w::NotifyType::kCookie,
        ctx_.cookie_secrets().make(nonce->data, remote.address, h.initiator_spi));
  }
  auto ours = ike::from_config(conn.proposals);
  auto theirs = acceptable_without_intermediate(from_sa_payload(*sa_payload), msg.payloads);
  std::string why;
  auto chosen = choose(ours, theirs, ke->group, &why);
  if (!chosen) {
    ++ctx_.mutable_stats().no_proposal_chosen;
    auto f = ike::diagnosis::proposal_mismatch(ike::diagnosis::Phase::kIkeSaInit, false,
                                               ike::diagnosis::offers(ours),
                                               ike::diagnosis::offers(theirs));
    f.we_initiated = false;
    f.peer = remote;
    f.detail = why;
    ctx_.diagnosis().failed(conn.name, 0, std::move(f), ctx_.timers().now());
    static log::EventSummary refused(log::Level::kWarn, "ike",
                                     "IKE_SA_INIT refused with NO_PROPOSAL_CHOSEN");
    auto line = fmt::format("connection '{}': {} - sending NO_PROPOSAL_CHOSEN to {}", conn.name,
                            why, remote.to_string());
    return refuse(refused, line, line, w::NotifyType::kNoProposalChosen);
  }
  auto group = static_cast<DhId>(chosen->first(TransformType::kDh)->id);
  if (ke->group != group) {
    static log::EventSummary wrong_group(log::Level::kInfo, "ike",
                                         "IKE_SA_INIT answered with INVALID_KE_PAYLOAD");
    return refuse(wrong_group,
                  fmt::format("peer {} sent KE of group {}, we chose {}: sending "
                              "INVALID_KE_PAYLOAD",
                              remote.to_string(), dh_name(ke->group), dh_name(group)),
                  fmt::format("peer {} sent KE of group {}, we chose {}", remote.to_string(),
                              dh_name(ke->group), dh_name(group)),
                  w::NotifyType::kInvalidKePayload, group_bytes(group));
  }
  return half_open(in, conn, *chosen, *ke, *nonce);
}

// The request is acceptable: a half-open IKE SA for it, its keys computed on a worker.
InitReply IkeSaInitResponder::half_open(const InitRequest& in, const config::Connection& conn,
                                        const ike::Proposal& chosen, const w::KePayload& ke,
                                        const w::NoncePayload& nonce) {
  const auto& msg = in.message;
  IkeSa& sa = ctx_.create_sa(false, &conn);
  sa.spi_i = msg.header.initiator_spi;
  sa.local = in.local;
  sa.remote = in.remote;
  sa.next_peer_request_id = 0;
  sa.proposal = chosen;
  for (DhId addke : ike::additional_kes(sa.proposal))
    sa.intermediate.pending.push_back(addke);
  sa.nonce_i = nonce.data;
  sa.nonce_r = crypto::random_bytes(ctx_.options().nonce_size);
  sa.init_request.assign(in.raw.begin(), in.raw.end());
  sa.peer_supports_fragmentation =
      w::find_notify(msg.payloads, w::NotifyType::kIkev2FragmentationSupported) != nullptr &&
      wants_fragmentation(sa);
  note_auth_announcements(sa, msg.payloads);
  auto nat = check_nat(msg.payloads, sa.spi_i, 0, in.local, in.remote);
  sa.nat_local = nat.local_behind;
  sa.nat_remote = nat.remote_behind || conn.encap;
  ctx_.count_half_open(sa, true);
  sa_log(sa, log::Level::kInfo, "{} is initiating an IKE_SA ({})", in.remote.address.to_string(),
         ike::describe(sa.proposal));
  ctx_.diagnosis().received(conn.name, sa.id, "IKE_SA_INIT", false, 0, false, in.remote,
                            ctx_.timers().now());
  std::uint32_t sa_id = sa.id;
  sa.expire_timer = ctx_.timers().schedule(ctx_.config().daemon.half_open_timeout, [this, sa_id] {
    IkeSa* s = ctx_.find_sa(sa_id);
    if (s && s->state == IkeState::kCreated) {
      s->expire_timer = 0;
      ctx_.destroy_sa(*s, "half-open IKE SA timed out (no IKE_AUTH)", true);
    }
  });
  auto job = std::make_shared<DhJob>();
  job->group = ke.group;
  job->peer_public = ke.data;
  job->inputs = IkeKeyInputs{sa.proposal, sa.nonce_i, sa.nonce_r, sa.spi_i, sa.spi_r, false, {}};
  job->inputs.key_log = ctx_.key_log();
  return {std::nullopt, &sa,
          Reply::deferred([job] { job->run(); },
                          [this, job](IkeSa& s) { return finish_responder_init(ctx_, s, job); })};
}

}  // namespace oakley::ikev2
