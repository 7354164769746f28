#include "ikev2/exchanges/ike_auth.hpp"

#include <fmt/format.h>

#include "common/log.hpp"
#include "ike/connection_match.hpp"
#include "ike/diagnosis/failures.hpp"
#include "ikev2/exchange_context.hpp"
#include "ikev2/exchanges/authentication.hpp"
#include "ikev2/exchanges/config_payload.hpp"
#include "ikev2/exchanges/ike_intermediate.hpp"
#include "ikev2/exchanges/informational.hpp"
#include "ikev2/payload_convert.hpp"
#include "ikev2/sa_log.hpp"
#include "wire/ikev2/id.hpp"
#include "wire/ikev2/names.hpp"

namespace oakley::ikev2 {

namespace w = wire::ikev2;

namespace {

w::Payload notify(w::NotifyType type, Bytes data = {}) {
  return w::Payload{w::NotifyPayload::of(type, std::move(data)), false};
}

std::string auth_class_name(const config::AuthRound& r) {
  return r.auth_text;
}

}  // namespace

// ----- initiator ---------------------------------------------------------------------------

namespace {

// RFC 7296 3.8 order: IDi, [CERT], [INITIAL_CONTACT], [CERTREQ], [IDr], AUTH.
void append_auth(Payloads& out, Payloads auth, bool certs) {
  for (auto& p : auth) {
    if ((p.get<w::AuthPayload>() == nullptr) == certs) out.push_back(std::move(p));
  }
}

}  // namespace

Status IkeAuthTask::choose_local_id(IkeSa& sa) {
  const auto& conn = *sa.connection;
  if (conn.local.empty() || conn.remote.empty()) {
    return make_error(fmt::format("connection '{}' has no local/remote round", conn.name));
  }
  if (local_id_override_) {
    sa.local_id = *local_id_override_;
  } else {
    auto id = our_identity(sa, conn);
    if (!id) return id.take_error();
    sa.local_id = *id;
  }
  prepare_intermediate_auth(sa, sa.next_request_id);
  return {};
}

Result<Payloads> IkeAuthTask::build_request(IkeSa& sa) {
  const auto& conn = *sa.connection;
  if (auto st = choose_local_id(sa); !st) return st.take_error();
  auto idi = to_id_payload(w::Side::kInitiator, sa.local_id);
  auto auth =
      our_auth_payloads(ctx_, sa, conn, idi, initiator_context(sa), *own_ocsp_, signing_.get());
  if (!auth) return auth.take_error();
  Payloads out;
  out.push_back(w::Payload{idi, false});
  append_auth(out, *auth, true);
  if (ctx_.duplicates_of(sa).empty() && conn.unique != config::Unique::kNever) {
    out.push_back(notify(w::NotifyType::kInitialContact));
  }
  for (auto& p : certreq_payloads(sa, conn))
    out.push_back(std::move(p));
  // IDr names the responder's identity we want; a DN is left out, since its encoding (string
  // types) may differ from the one the responder matches byte for byte.
  const auto& remote_cfg = conn.remote.front().id;
  if (!remote_cfg.is_any() && !remote_cfg.has_wildcards && !remote_cfg.dn_needs_encoding &&
      remote_cfg.type != config::IdType::kDerAsn1Dn) {
    out.push_back(w::Payload{
        w::IdPayload{w::Side::kResponder, static_cast<w::IdType>(remote_cfg.type), remote_cfg.data},
        false});
  }
  append_auth(out, std::move(*auth), false);
  if (auto cp = cp_request(conn)) out.push_back(std::move(*cp));
  if (child_) {
    auto offer = make_child_offer(ctx_, sa, *child_, false);
    if (!offer) return offer.take_error();
    offer_ = std::move(*offer);
    append_offer_payloads(*offer_, out);
  }
  return out;
}

Step IkeAuthTask::process_response(IkeSa& sa, const Payloads& payloads, ByteView) {
  const auto* idr = w::find_id(payloads, w::Side::kResponder);
  const auto* auth = w::find<w::AuthPayload>(payloads);
  if (!idr || !auth) {
    if (const auto* err = w::find_error_notify(payloads)) {
      if (err->type == w::NotifyType::kAuthenticationFailed) {
        ++ctx_.mutable_stats().auth_failures;
        auto f = ike::diagnosis::from_reason(ike::diagnosis::Phase::kIkeAuth,
                                             "peer answered AUTHENTICATION_FAILED");
        f.peer_notify = w::notify_name(err->type);
        ctx_.diagnosis().failed(sa.name(), sa.id, std::move(f), ctx_.timers().now());
      }
      return Step::failed(
          fmt::format("peer answered {}{}", w::notify_name(err->type),
                      err->type == w::NotifyType::kAuthenticationFailed
                          ? fmt::format(" (we authenticated as '{}' with {}; check the {} and ids)",
                                        ike::from_wire(sa.local_id).to_string(),
                                        auth_class_name(sa.connection->local.front()),
                                        sa.connection->local.front().auth == config::AuthClass::kPsk
                                            ? "secret"
                                            : "certificate, its CA on the peer")
                          : ""));
    }
    return Step::failed("IKE_AUTH response without IDr or AUTH");
  }
  auto peer = from_id_payload(*idr);
  const auto& expected = sa.connection->remote.front().id;
  if (!ike::id_matches(expected, peer)) {
    ++ctx_.mutable_stats().auth_failures;
    ctx_.diagnosis().failed(
        sa.name(), sa.id,
        ike::diagnosis::id_mismatch(ike::diagnosis::Phase::kIkeAuth,
                                    ike::from_wire(peer).to_string(), expected.to_string()),
        ctx_.timers().now());
    return Step::failed(fmt::format("peer identified as '{}', we expect '{}'",
                                    ike::from_wire(peer).to_string(), expected.to_string()))
        .telling_peer(Step::Notice::kAuthFailed);
  }
  auto check = check_peer_auth(ctx_, sa, *sa.connection, *idr, responder_context(sa), payloads);
  if (check.result) return after_peer_auth(sa, std::move(*check.result), peer, payloads);
  // The certificate, signature and revocation checks run on a worker; the answer waits here.
  auto job = check.job;
  return Step::deferred([job] { job->run(); },
                        [this, job, peer, kept = payloads](IkeSa& s) {
                          return after_peer_auth(s, std::move(job->result), peer, kept);
                        });
}

Step IkeAuthTask::after_peer_auth(IkeSa& sa, Result<std::string> how, const ike::WireId& peer,
                                  const Payloads& payloads) {
  if (!how) {
    ++ctx_.mutable_stats().auth_failures;
    return Step::failed(how.error().message).telling_peer(Step::Notice::kAuthFailed);
  }
  sa.peer_auth = std::move(*how);
  sa.remote_id = peer;
  sa.remote_identity = ike::from_wire(peer);
  if (auto st = accept_cp_reply(ctx_, sa, payloads); !st) {
    return Step::failed(st.error().message).telling_peer(Step::Notice::kDeleteIke);
  }
  ctx_.on_established(sa);
  return finish_child(sa, payloads);
}

std::function<void()> IkeAuthTask::prepare_for(IkeSa& sa) {
  if (!sa.connection) return {};
  // Our signature: made here ahead of build_request, which makes it itself if this fails (and
  // then reports the error).
  if (choose_local_id(sa)) {
    auto idi = to_id_payload(w::Side::kInitiator, sa.local_id);
    if (auto job = our_signature_job(sa, *sa.connection, idi, initiator_context(sa))) {
      signing_ = *job;
    }
  }
  bool ocsp = wants_own_ocsp(sa, *sa.connection);
  if (!ocsp && !signing_) return {};
  // Results go into holders the worker shares, so an SA that dies meanwhile is no hazard.
  return [slot = ocsp ? own_ocsp_ : nullptr, config = sa.config_snapshot, conn = sa.connection,
          signing = signing_] {
    if (signing) signing->run();
    if (!slot) return;
    auto response = config->credentials->own_ocsp_response(*conn);
    if (response) {
      *slot = std::move(*response);
    } else {
      log::info("ike", "the peer asked for an OCSP response about our certificate, none sent: {}",
                response.error().message);
    }
  };
}

Step IkeAuthTask::finish_child(IkeSa& sa, const Payloads& payloads) {
  if (!offer_) {
    ctx_.complete_ike(sa.id, Status{});
    return Step::done();
  }
  auto answer = accept_child_answer(*offer_, payloads, true);
  if (auto* refusal = std::get_if<ChildRefusal>(&answer)) {
    note_child_refusal(ctx_, sa, *offer_, *refusal, true);
    ctx_.release_spi(offer_->spi_in);
    ++ctx_.mutable_stats().child_failed;
    ctx_.emit_child_failed(sa, child_->name, refusal->reason);
    std::string why = fmt::format("CHILD_SA {} not established: {}", child_->name, refusal->reason);
    sa_log(sa, log::Level::kWarn, "{}", why);
    ctx_.complete_ike(sa.id, make_error("IKE SA established, but " + why));
    return Step::done();
  }
  auto& choice = std::get<ChildChoice>(answer);
  auto child = establish_child(ctx_, sa, *child_, choice.chosen, offer_->spi_in,
                               load_be32(choice.chosen.spi.data()), choice.tsi, choice.tsr,
                               choice.transport, true, sa.nonce_i, sa.nonce_r, {}, true);
  offer_.reset();
  if (!child) {
    ctx_.emit_child_failed(sa, child_->name, child.error().message);
    ctx_.complete_ike(sa.id, make_error("CHILD_SA installation failed: " + child.error().message));
    return Step::done();
  }
  ctx_.emit_child_event(ike::SaEventKind::kChildUp, sa, **child);
  ctx_.complete_ike(sa.id, Status{});
  return Step::done();
}

void IkeAuthTask::abort(IkeSa&, std::string_view) {
  if (offer_) ctx_.release_spi(offer_->spi_in);
  offer_.reset();
}

// ----- responder ---------------------------------------------------------------------------

namespace {

Reply fail_auth(ExchangeContext& ctx, IkeSa& sa, const std::string& why) {
  ++ctx.mutable_stats().auth_failures;
  sa_log(sa, log::Level::kWarn, "{} - sending AUTHENTICATION_FAILED", why);
  return Reply::error(w::NotifyType::kAuthenticationFailed).ending_sa(why, true);
}

Reply answer_ike_auth(ExchangeContext& ctx, IkeSa& sa, const config::Connection& conn,
                      const ike::WireId& peer, Result<std::string> how, const Payloads& payloads,
                      std::optional<Bytes> own_ocsp, const OurSignatureJob* signed_ahead);

void handle_initial_contact(ExchangeContext& ctx, IkeSa& sa, const Payloads& payloads) {
  if (!w::find_notify(payloads, w::NotifyType::kInitialContact)) return;
  for (IkeSa* old : ctx.duplicates_of(sa)) {
    // The peer restarted: its old SAs are gone on its side (RFC 7296 2.4).
    ctx.destroy_sa(*old, "peer sent INITIAL_CONTACT (it restarted)", false);
  }
}

}  // namespace

Reply IkeAuthResponder::respond(IkeSa& sa, const Request& request) {
  const std::uint32_t mid = request.message_id();
  const Payloads& payloads = request.payloads;
  if (!sa.intermediate.pending.empty()) {
    std::string why = fmt::format("IKE_AUTH before the additional key exchange {} (RFC 9370)",
                                  dh_name(sa.intermediate.pending.front()));
    sa_log(sa, log::Level::kWarn, "{} - sending INVALID_SYNTAX", why);
    return Reply::error(w::NotifyType::kInvalidSyntax).ending_sa(why, true);
  }
  prepare_intermediate_auth(sa, mid);
  note_auth_announcements(sa, payloads);
  const auto* idi = w::find_id(payloads, w::Side::kInitiator);
  const auto* idr = w::find_id(payloads, w::Side::kResponder);
  const auto* auth = w::find<w::AuthPayload>(payloads);
  if (!idi) return fail_auth(ctx_, sa, "IKE_AUTH without IDi");
  if (!auth) return fail_auth(ctx_, sa, "peer wants EAP authentication, which is not supported");
  auto peer = from_id_payload(*idi);
  std::optional<ike::WireId> wanted;
  if (idr) wanted = from_id_payload(*idr);
  std::string why;
  const auto* conn =
      ike::best_by_identities(*sa.config_snapshot, config::IkeVersion::kIkev2, sa.local.address,
                              sa.remote.address, peer, wanted, &why, ctx_.host_names());
  if (!conn) {
    ctx_.diagnosis().failed(sa.name(), sa.id,
                            ike::diagnosis::id_mismatch(
                                ike::diagnosis::Phase::kIkeAuth, ike::from_wire(peer).to_string(),
                                sa.connection->remote.front().id.to_string()),
                            ctx_.timers().now());
    return fail_auth(
        ctx_, sa,
        fmt::format("no connection for peer '{}': {}", ike::from_wire(peer).to_string(), why));
  }
  if (conn != sa.connection && !ike::accepts_ike_proposal(*conn, sa.proposal)) {
    ++ctx_.mutable_stats().auth_proposal_mismatch;
    return fail_auth(
        ctx_, sa,
        fmt::format("peer '{}' belongs to connection '{}', which does not accept the "
                    "IKE proposal {} chosen in IKE_SA_INIT by connection '{}' (it "
                    "allows {})",
                    ike::from_wire(peer).to_string(), conn->name, ike::describe(sa.proposal),
                    sa.name(), ike::describe(ike::from_config(conn->proposals))));
  }
  return authenticate(sa, *conn, peer, *idi, payloads);
}

// The connection is chosen: our identity and signature, the peer's AUTH checked (a PSK at once,
// signatures and certificates on a worker), then the answer.
Reply IkeAuthResponder::authenticate(IkeSa& sa, const config::Connection& chosen,
                                     const ike::WireId& peer, const w::IdPayload& idi,
                                     const Payloads& payloads) {
  const auto* conn = &chosen;
  sa.connection = conn;
  auto local = our_identity(sa, *conn);
  if (!local) return fail_auth(ctx_, sa, local.error().message);
  sa.local_id = *local;
  auto signing = our_signature_job(sa, *conn, to_id_payload(w::Side::kResponder, sa.local_id),
                                   responder_context(sa));
  if (!signing) return fail_auth(ctx_, sa, signing.error().message);
  auto check = check_peer_auth(ctx_, sa, *conn, idi, initiator_context(sa), payloads);
  if (check.result && (!*check.result || !*signing)) {
    return answer_ike_auth(ctx_, sa, *conn, peer, std::move(*check.result), payloads, {}, nullptr);
  }
  if (check.result) {
    // The peer's PSK checked out at once; our signature is still worker work.
    return Reply::deferred([ours = *signing] { ours->run(); },
                           [this, ours = *signing, conn, peer, how = std::move(*check.result),
                            kept = payloads](IkeSa& s) {
                             if (s.state != IkeState::kCreated) return Reply::nothing();
                             return answer_ike_auth(ctx_, s, *conn, peer, how, kept, {},
                                                    ours.get());
                           });
  }
  // The certificate, signature and revocation checks run on a worker, then our own signature;
  // retransmits of this request are dropped meanwhile, and the answer is cached once it is sent.
  auto job = check.job;
  job->fetch_own_ocsp = wants_own_ocsp(sa, *conn);
  job->ours = *signing;
  return Reply::deferred([job] { job->run(); },
                         [this, job, conn, peer, kept = payloads](IkeSa& s) {
                           if (s.state != IkeState::kCreated) return Reply::nothing();
                           return answer_ike_auth(ctx_, s, *conn, peer, std::move(job->result),
                                                  kept, std::move(job->own_ocsp), job->ours.get());
                         });
}

namespace {

Reply answer_ike_auth(ExchangeContext& ctx, IkeSa& sa, const config::Connection& conn,
                      const ike::WireId& peer, Result<std::string> how, const Payloads& payloads,
                      std::optional<Bytes> own_ocsp, const OurSignatureJob* signed_ahead) {
  if (!how) return fail_auth(ctx, sa, how.error().message);
  sa.peer_auth = std::move(*how);
  sa.remote_id = peer;
  sa.remote_identity = ike::from_wire(peer);
  auto our_idr = to_id_payload(w::Side::kResponder, sa.local_id);
  auto our_auth =
      our_auth_payloads(ctx, sa, conn, our_idr, responder_context(sa), own_ocsp, signed_ahead);
  if (!our_auth) return fail_auth(ctx, sa, our_auth.error().message);
  handle_initial_contact(ctx, sa, payloads);
  Bytes nonce_i = sa.nonce_i, nonce_r = sa.nonce_r;
  ctx.on_established(sa);

  Payloads out;
  out.push_back(w::Payload{our_idr, false});
  for (auto& p : *our_auth)
    out.push_back(std::move(p));
  auto cp_reply = answer_cp_request(ctx, sa, conn, payloads);
  if (cp_reply && *cp_reply) out.push_back(std::move(**cp_reply));
  if (!cp_reply) {
    ++ctx.mutable_stats().child_failed;
    ctx.emit_child_failed(sa, {}, cp_reply.error().message);
    sa_log(sa, log::Level::kWarn, "{} - sending INTERNAL_ADDRESS_FAILURE, no CHILD_SA",
           cp_reply.error().message);
    out.push_back(notify(w::NotifyType::kInternalAddressFailure));
  } else if (w::find<w::SaPayload>(payloads)) {
    auto choice = choose_child(ctx, sa, payloads, true);
    if (auto* refusal = std::get_if<ChildRefusal>(&choice)) {
      ++ctx.mutable_stats().child_failed;
      ctx.emit_child_failed(sa, {}, refusal->reason);
      sa_log(sa, log::Level::kWarn, "CHILD_SA not established: {} - sending {}", refusal->reason,
             w::notify_name(refusal->notify));
      out.push_back(notify(refusal->notify));
    } else {
      auto& c = std::get<ChildChoice>(choice);
      auto spi_in = ctx.allocate_spi();
      Result<ChildSa*> child = spi_in
                                   ? establish_child(ctx, sa, *c.child, c.chosen, *spi_in,
                                                     load_be32(c.chosen.spi.data()), c.tsr, c.tsi,
                                                     c.transport, false, nonce_i, nonce_r, {}, true)
                                   : Result<ChildSa*>(spi_in.take_error());
      if (!child) {
        sa_log(sa, log::Level::kError, "installing CHILD_SA failed: {}", child.error().message);
        ctx.emit_child_failed(sa, c.child->name, child.error().message);
        out.push_back(notify(w::NotifyType::kNoProposalChosen));
      } else {
        ctx.emit_child_event(ike::SaEventKind::kChildUp, sa, **child);
        c.chosen.spi = spi32_bytes((*child)->spi_in);
        append_choice_payloads(c, out);
      }
    }
  }
  return Reply::send(std::move(out));
}

}  // namespace

}  // namespace oakley::ikev2
