#include "ikev2/exchanges/child_create.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "crypto/random.hpp"
#include "ikev2/exchange_context.hpp"
#include "ikev2/exchanges/ike_rekey.hpp"
#include "ikev2/exchanges/informational.hpp"
#include "ikev2/payload_convert.hpp"
#include "ikev2/sa_log.hpp"
#include "wire/ikev2/names.hpp"

namespace oakley::ikev2 {

namespace w = wire::ikev2;

namespace {

w::Payload notify(w::NotifyType type, Bytes data = {}) {
  return w::Payload{w::NotifyPayload::of(type, std::move(data)), false};
}

DhId pfs_group_of(const config::Child& child) {
  for (const auto& p : child.esp_proposals) {
    for (const auto& t : p.transforms) {
      if (t.type == TransformType::kDh && t.id != 0) return static_cast<DhId>(t.id);
    }
  }
  return DhId::kNone;
}

bool offers_group(const config::Child& child, DhId group) {
  for (const auto& p : child.esp_proposals) {
    for (const auto& t : p.transforms) {
      if (t.type == TransformType::kDh && t.id == static_cast<std::uint16_t>(group)) return true;
    }
  }
  return false;
}

// The lowest of the nonces (compared as byte strings, shorter first when a prefix).
bool less_nonce(const Bytes& a, const Bytes& b) {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end());
}

}  // namespace

std::unique_ptr<Task> make_child_create_task(ExchangeContext& ctx, const config::Child& child,
                                             const ChildSa* rekeying) {
  return std::make_unique<ChildCreateTask>(ctx, child, rekeying ? rekeying->id : 0, std::nullopt);
}

bool ChildCreateTask::also_report_to(Completion& done) {
  if (rekeying_id_) return false;
  if (done) waiting_.push_back(std::move(done));
  return true;
}

void ChildCreateTask::report(const Status& status) {
  for (auto& done : std::exchange(waiting_, {}))
    done(status);
}

std::function<void()> ChildCreateTask::background_preparation() {
  if (pfs_group_ == DhId::kNone) pfs_group_ = pfs_group_of(child_);
  if (pfs_group_ == DhId::kNone || (dh_ && dh_->id() == pfs_group_)) return {};
  return prepared_.job(pfs_group_);
}

Result<Payloads> ChildCreateTask::build_request(IkeSa& sa) {
  if (followup_.in_chain()) return followup_.build_request();
  if (sa.state != IkeState::kEstablished) {
    return make_error(fmt::format("IKE SA is {}", ike_state_name(sa.state)));
  }
  ChildSa* old = nullptr;
  if (rekeying_id_) {
    old = sa.find_child(rekeying_id_);
    if (!old || old->state != ChildState::kInstalled) {
      return make_error("the CHILD_SA to rekey is gone or already being replaced");
    }
  }
  if (auto prepared = prepared_.take()) dh_ = std::move(prepared);
  if (pfs_group_ != DhId::kNone && (!dh_ || dh_->id() != pfs_group_)) {
    auto dh = crypto::DhKeyPair::generate(pfs_group_);  // after INVALID_KE_PAYLOAD
    if (!dh) return dh.take_error();
    dh_ = std::move(*dh);
  }
  if (!offer_) {
    auto offer = make_child_offer(ctx_, sa, child_, pfs_group_ != DhId::kNone, trigger_);
    if (!offer) return offer.take_error();
    offer_ = std::move(*offer);
  }
  nonce_i_ = crypto::random_bytes(ctx_.options().nonce_size);
  Payloads out;
  if (old) {
    old->state = ChildState::kRekeying;
    out.push_back(
        w::Payload{w::NotifyPayload{
                       w::ProtocolId::kEsp, spi32_bytes(old->spi_in), w::NotifyType::kRekeySa, {}},
                   false});
  }
  if (offer_->transport) out.push_back(notify(w::NotifyType::kUseTransportMode));
  out.push_back(w::Payload{to_sa_payload(offer_->proposals), false});
  out.push_back(w::Payload{w::NoncePayload{nonce_i_}, false});
  if (dh_) {
    auto pub = dh_->public_value();
    out.push_back(w::Payload{w::KePayload{dh_->id(), Bytes(pub.begin(), pub.end())}, false});
  }
  out.push_back(w::Payload{to_ts_payload(w::Side::kInitiator, offer_->tsi), false});
  out.push_back(w::Payload{to_ts_payload(w::Side::kResponder, offer_->tsr), false});
  return out;
}

Step ChildCreateTask::fail(IkeSa& sa, const std::string& why) {
  ++ctx_.mutable_stats().child_failed;
  ctx_.emit_child_failed(sa, child_.name, why);
  if (offer_) ctx_.release_spi(offer_->spi_in);
  offer_.reset();
  if (rekeying_id_) {
    if (ChildSa* old = sa.find_child(rekeying_id_); old && old->state == ChildState::kRekeying) {
      old->state = ChildState::kInstalled;
      old->collision.reset();
    }
    ctx_.complete_child(rekeying_id_, make_error(why));
  }
  return Step::failed(why);
}

Step ChildCreateTask::process_response(IkeSa& sa, const Payloads& payloads, ByteView) {
  if (followup_.in_chain()) return process_followup(sa, payloads);
  if (const auto* ke_err = w::find_notify(payloads, w::NotifyType::kInvalidKePayload)) {
    if (ke_err->data.size() == 2) {
      auto group = static_cast<DhId>(load_be16(ke_err->data.data()));
      if (offers_group(child_, group) && group != pfs_group_ && ++ke_retries_ <= 2) {
        sa_log(sa, log::Level::kInfo, "peer wants PFS group {}, retrying", dh_name(group));
        pfs_group_ = group;
        offer_.reset();
        if (ChildSa* old = sa.find_child(rekeying_id_)) old->state = ChildState::kInstalled;
        return Step::resend();
      }
    }
    return fail(sa, "peer wants a PFS group we do not offer");
  }
  if (w::find_notify(payloads, w::NotifyType::kTemporaryFailure) && rekeying_id_) {
    // RFC 7296 2.25: the peer is busy with a colliding exchange; try again a bit later.
    std::uint32_t sa_id = sa.id, child_id = rekeying_id_;
    const config::Child* cfg = &child_;
    ExchangeContext* ctx = &ctx_;
    auto delay = std::chrono::milliseconds(1000 + crypto::random_u32() % 4000);
    ctx_.timers().schedule(delay, [ctx, sa_id, child_id, cfg] {
      IkeSa* s = ctx->find_sa(sa_id);
      if (!s) return;
      if (ChildSa* c = s->find_child(child_id); c && c->state == ChildState::kInstalled) {
        ctx->queue_task(*s, make_child_create_task(*ctx, *cfg, c));
      }
    });
    return fail(sa, "peer answered TEMPORARY_FAILURE, retrying the rekey later");
  }
  // The answer's group must be one we offered (NONE only if we offered it, RFC 7296 1.3).
  auto answer = accept_child_answer(*offer_, payloads, false);
  if (auto* refusal = std::get_if<ChildRefusal>(&answer)) {
    note_child_refusal(ctx_, sa, *offer_, *refusal, false);
    return fail(sa, refusal->reason);
  }
  const auto* nonce = w::find<w::NoncePayload>(payloads);
  if (!nonce) return fail(sa, "CREATE_CHILD_SA response without a nonce");
  nonce_r_ = nonce->data;
  auto choice = std::get<ChildChoice>(answer);
  if (auto st = followup_.start(choice.chosen, payloads); !st) return fail(sa, st.error().message);
  if (followup_.in_chain()) return start_followups(sa, choice, payloads);
  auto dh_t = choice.chosen.first(TransformType::kDh);
  if (!dh_t || dh_t->id == 0) return finish(sa, choice, {});
  const auto* ke = w::find<w::KePayload>(payloads);
  if (!ke || ke->group != static_cast<DhId>(dh_t->id) || !dh_ || dh_->id() != ke->group) {
    ++ctx_.mutable_stats().child_ke_missing;
    return fail(sa, fmt::format("the responder chose PFS group {} but sent no matching KE",
                                dh_name(static_cast<DhId>(dh_t->id))));
  }
  auto shared = std::make_shared<Result<SecretBytes>>(make_error("not computed"));
  Bytes peer = ke->data;
  const crypto::DhKeyPair* dh = dh_.get();
  return Step::deferred([shared, peer, dh] { *shared = dh->shared_secret(peer); },
                        [this, shared, choice](IkeSa& s) -> Step {
                          if (!*shared) return fail(s, "PFS: " + shared->error().message);
                          return finish(s, choice, **shared);
                        });
}

Step ChildCreateTask::start_followups(IkeSa& sa, const ChildChoice& choice,
                                      const Payloads& payloads) {
  std::unique_ptr<crypto::DhKeyPair> ours;
  Bytes peer;
  if (auto dh_t = choice.chosen.first(TransformType::kDh); dh_t && dh_t->id != 0) {
    const auto* ke = w::find<w::KePayload>(payloads);
    if (!ke || ke->group != static_cast<DhId>(dh_t->id) || !dh_ || dh_->id() != ke->group) {
      ++ctx_.mutable_stats().child_ke_missing;
      return fail(sa, fmt::format("the responder chose PFS group {} but sent no matching KE",
                                  dh_name(static_cast<DhId>(dh_t->id))));
    }
    ours = std::move(dh_);
    peer = ke->data;
  }
  choice_ = choice;
  // The worker computes g^ir and the first additional key exchange's key pair.
  auto job = followup_.job(std::move(ours), std::move(peer));
  return Step::deferred([job] { job->run(); },
                        [this, job](IkeSa& s) -> Step {
                          if (auto st = followup_.adopt(*job, false); !st) {
                            return fail(s, "PFS: " + st.error().message);
                          }
                          sk0_ = std::move(*job->shared);
                          return Step::resend();  // the first IKE_FOLLOWUP_KE
                        });
}

Step ChildCreateTask::process_followup(IkeSa& sa, const Payloads& payloads) {
  auto job = followup_.on_response(payloads);
  if (!job) return fail(sa, job.error().message);
  return Step::deferred([j = *job] { j->run(); },
                        [this, j = *job](IkeSa& s) -> Step {
                          if (auto st = followup_.adopt(*j, true); !st) {
                            return fail(s, "additional key exchange: " + st.error().message);
                          }
                          sa_log(s, log::Level::kInfo,
                                 "CHILD_SA {}: additional key exchange {} of {} done", child_.name,
                                 followup_.done(), followup_.total());
                          if (followup_.in_chain()) return Step::resend();
                          return finish(s, *choice_, sk0_);
                        });
}

Step ChildCreateTask::finish(IkeSa& sa, const ChildChoice& choice, ByteView g_ir) {
  ChildSa* old = rekeying_id_ ? sa.find_child(rekeying_id_) : nullptr;
  auto created = establish_child(ctx_, sa, child_, choice.chosen, offer_->spi_in,
                                 load_be32(choice.chosen.spi.data()), choice.tsi, choice.tsr,
                                 choice.transport, true, nonce_i_, nonce_r_, g_ir, true,
                                 old ? old->reqid : 0, followup_.secrets());
  std::uint32_t spi_in = offer_->spi_in;
  offer_.reset();
  dh_.reset();
  if (!created) {
    ctx_.release_spi(spi_in);
    return fail(sa, "installing the CHILD_SA failed: " + created.error().message);
  }
  if (!old) {
    if (rekeying_id_) {
      // The peer deleted the old CHILD_SA while our rekey was on its way (its completions heard
      // of that then); the new one is up in its place.
      sa_log(sa, **created, log::Level::kInfo,
             "CHILD_SA {{{}}} was deleted during its rekey, {{{}}} replaces it", rekeying_id_,
             (*created)->id);
    }
    ctx_.emit_child_event(ike::SaEventKind::kChildUp, sa, **created);
    report(Status{});
    return Step::done();
  }
  ++ctx_.mutable_stats().child_rekeyed;
  if (old->collision) {
    resolve_collision(sa, *old, **created);
  } else {
    old->state = ChildState::kRekeyed;
    old->replaced_by = (*created)->id;
    ctx_.queue_task(sa, make_child_delete_task(ctx_, old->id));
  }
  ctx_.emit_child_event(ike::SaEventKind::kChildRekeyed, sa, **created);
  ctx_.complete_child(rekeying_id_, Status{});
  return Step::done();
}

void ChildCreateTask::resolve_collision(IkeSa& sa, ChildSa& old_child, ChildSa& ours) {
  ++ctx_.mutable_stats().rekey_collisions;
  const auto& c = *old_child.collision;
  // The SA created by the exchange that used the lowest of the four nonces is redundant.
  auto ours_min = std::min(nonce_i_, nonce_r_, less_nonce);
  auto theirs_min = std::min(c.nonce_i, c.nonce_r, less_nonce);
  bool ours_lowest = less_nonce(ours_min, theirs_min);
  old_child.state = ChildState::kRekeyed;
  if (ours_lowest) {
    // Our new SA is the redundant one: we delete it; the peer deletes the old one.
    sa_log(sa, ours, log::Level::kInfo,
           "CHILD_SA rekey collision lost, deleting our redundant {{{}}}", ours.id);
    old_child.replaced_by = c.peer_child_id;
    ctx_.queue_task(sa, make_child_delete_task(ctx_, ours.id));
  } else {
    sa_log(sa, old_child, log::Level::kInfo,
           "CHILD_SA rekey collision won, deleting the old {{{}}}", old_child.id);
    old_child.replaced_by = ours.id;
    ctx_.queue_task(sa, make_child_delete_task(ctx_, old_child.id));
  }
  old_child.collision.reset();
}

void ChildCreateTask::abort(IkeSa& sa, std::string_view why) {
  if (offer_) ctx_.release_spi(offer_->spi_in);
  offer_.reset();
  report(make_error(fmt::format("CHILD_SA {} not established: {}", child_.name, why)));
  if (rekeying_id_) {
    if (ChildSa* old = sa.find_child(rekeying_id_); old && old->state == ChildState::kRekeying) {
      old->state = ChildState::kInstalled;
    }
    ctx_.complete_child(rekeying_id_, make_error(std::string(why)));
  }
}

// ----- responder ---------------------------------------------------------------------------

namespace {

using ResponderJob = ResponderKeJob;

Reply refuse(ExchangeContext& ctx, IkeSa& sa, w::NotifyType type, const std::string& why,
             Bytes data = {}) {
  ++ctx.mutable_stats().child_failed;
  ctx.emit_child_failed(sa, {}, why);
  sa_log(sa, log::Level::kWarn, "CREATE_CHILD_SA refused: {} - sending {}", why,
         w::notify_name(type));
  return Reply::error(type, std::move(data));
}

// Installs the CHILD_SA the peer's CREATE_CHILD_SA (and its IKE_FOLLOWUP_KE exchanges) settled.
Status install_answered_child(ExchangeContext& ctx, IkeSa& sa, const ChildChoice& choice,
                              std::uint32_t old_id, std::uint32_t spi_in, ByteView nonce_i,
                              ByteView nonce_r, ByteView g_ir, ByteView additional) {
  ChildSa* old = old_id ? sa.find_child(old_id) : nullptr;
  if (old_id && !old) return make_error("rekeyed CHILD_SA vanished");
  // A rekey responder installs outbound only once the initiator deletes the old SA: until then
  // the initiator may not have the new inbound SA yet (RFC 7296 2.8).
  auto created = establish_child(ctx, sa, *choice.child, choice.chosen, spi_in,
                                 load_be32(choice.chosen.spi.data()), choice.tsr, choice.tsi,
                                 choice.transport, false, nonce_i, nonce_r, g_ir, old == nullptr,
                                 old ? old->reqid : 0, additional);
  if (!created) return created.error();
  if (!old) {
    ctx.emit_child_event(ike::SaEventKind::kChildUp, sa, **created);
    return {};
  }
  ++ctx.mutable_stats().child_rekeyed;
  if (old->state == ChildState::kRekeying) {
    old->collision = ChildSa::Collision{(*created)->id, Bytes(nonce_i.begin(), nonce_i.end()),
                                        Bytes(nonce_r.begin(), nonce_r.end())};
  } else {
    old->state = ChildState::kRekeyed;
    old->replaced_by = (*created)->id;
  }
  ctx.emit_child_event(ike::SaEventKind::kChildRekeyed, sa, **created);
  // If the initiator never deletes the old SA, switch over anyway.
  std::uint32_t sa_id = sa.id, new_id = (*created)->id;
  (*created)->delete_timer = ctx.timers().schedule(std::chrono::seconds(30), [&ctx, sa_id, new_id] {
    IkeSa* s = ctx.find_sa(sa_id);
    if (!s) return;
    if (ChildSa* n = s->find_child(new_id)) {
      n->delete_timer = 0;
      auto it = ctx.pending_outbound().find(new_id);
      if (it != ctx.pending_outbound().end()) {
        (void)ctx.install_outbound(*s, *n, it->second);
        ctx.pending_outbound().erase(it);
      }
    }
  });
  return {};
}

Payloads child_answer_payloads(ChildChoice choice, std::uint32_t spi_in, const Bytes& nonce_r,
                               const ResponderJob* job) {
  choice.chosen.spi = spi32_bytes(spi_in);
  Payloads out;
  if (choice.transport) out.push_back(notify(w::NotifyType::kUseTransportMode));
  out.push_back(w::Payload{to_sa_payload({choice.chosen}), false});
  out.push_back(w::Payload{w::NoncePayload{nonce_r}, false});
  if (job && job->dh) {
    auto pub = job->dh->public_value();
    out.push_back(w::Payload{w::KePayload{job->dh->id(), Bytes(pub.begin(), pub.end())}, false});
  }
  out.push_back(w::Payload{to_ts_payload(w::Side::kInitiator, choice.tsi), false});
  out.push_back(w::Payload{to_ts_payload(w::Side::kResponder, choice.tsr), false});
  return out;
}

// RFC 9370 2.2.4: the CHILD_SA is created once its IKE_FOLLOWUP_KE exchanges are done; until then
// only its SPI is reserved.
Reply answer_with_followups(ExchangeContext& ctx, IkeSa& sa, const ChildChoice& choice,
                            std::uint32_t old_id, Bytes nonce_i, Bytes nonce_r, SecretBytes g_ir,
                            std::uint32_t spi_in, Payloads out) {
  auto groups = ike::additional_kes(choice.chosen);
  std::string what = old_id ? "CHILD_SA rekey" : "CHILD_SA creation";
  auto complete = [&ctx, choice, old_id, spi_in, nonce_i, nonce_r, g_ir = std::move(g_ir)](
                      IkeSa& s, const SecretBytes& additional) {
    return install_answered_child(ctx, s, choice, old_id, spi_in, nonce_i, nonce_r, g_ir,
                                  additional);
  };
  auto dropped = [&ctx, spi_in] {
    ctx.release_spi(spi_in);
    ++ctx.mutable_stats().child_failed;
  };
  Bytes link = start_followup_responder(ctx, sa, std::move(groups), std::move(what),
                                        std::move(complete), std::move(dropped));
  out.push_back(additional_ke_notify(std::move(link)));
  return Reply::send(std::move(out));
}

Reply answer_child(ExchangeContext& ctx, IkeSa& sa, ChildChoice choice, std::uint32_t old_id,
                   Bytes nonce_i, const ResponderJob* job) {
  Bytes nonce_r = crypto::random_bytes(ctx.options().nonce_size);
  SecretBytes g_ir;
  if (job) {
    if (!job->shared) {
      return refuse(ctx, sa, w::NotifyType::kNoProposalChosen,
                    "PFS failed: " + job->shared.error().message);
    }
    g_ir = *job->shared;
  }
  if (old_id && !sa.find_child(old_id)) {
    return refuse(ctx, sa, w::NotifyType::kChildSaNotFound, "rekeyed CHILD_SA vanished");
  }
  auto spi_in = ctx.allocate_spi();
  if (!spi_in) return refuse(ctx, sa, w::NotifyType::kNoAdditionalSas, spi_in.error().message);
  auto out = child_answer_payloads(choice, *spi_in, nonce_r, job);
  if (!ike::additional_kes(choice.chosen).empty()) {
    return answer_with_followups(ctx, sa, choice, old_id, std::move(nonce_i), std::move(nonce_r),
                                 std::move(g_ir), *spi_in, std::move(out));
  }
  if (auto st =
          install_answered_child(ctx, sa, choice, old_id, *spi_in, nonce_i, nonce_r, g_ir, {});
      !st) {
    ctx.release_spi(*spi_in);
    return refuse(ctx, sa, w::NotifyType::kNoProposalChosen, st.error().message);
  }
  return Reply::send(std::move(out));
}

}  // namespace

Reply CreateChildSaResponder::respond(IkeSa& sa, const Request& request) {
  const Payloads& payloads = request.payloads;
  const auto* sa_payload = w::find<w::SaPayload>(payloads);
  if (sa_payload && !sa_payload->proposals.empty() &&
      sa_payload->proposals.front().protocol == w::ProtocolId::kIke) {
    return ike_rekey_.respond(sa, request);
  }
  if (sa.state == IkeState::kRekeying || sa.state == IkeState::kRekeyed) {
    return refuse(ctx_, sa, w::NotifyType::kTemporaryFailure, "IKE SA rekey under way");
  }
  if (sa.followup) {
    return refuse(ctx_, sa, w::NotifyType::kTemporaryFailure,
                  "the additional key exchanges of another CREATE_CHILD_SA are under way");
  }
  ChildSa* old = nullptr;
  if (const auto* rekey = w::find_notify(payloads, w::NotifyType::kRekeySa)) {
    auto spi = spi32_from(rekey->spi);
    old = spi ? sa.find_child_by_spi_out(*spi) : nullptr;
    if (!old) {
      return refuse(ctx_, sa, w::NotifyType::kChildSaNotFound,
                    fmt::format("no CHILD_SA with SPI {:08x} to rekey", spi.value_or(0)), {});
    }
    if (old->state != ChildState::kInstalled && old->state != ChildState::kRekeying) {
      return refuse(ctx_, sa, w::NotifyType::kTemporaryFailure,
                    fmt::format("CHILD_SA {{{}}} is {}", old->id, child_state_name(old->state)));
    }
  }
  // Unlike IKE_AUTH's child, a new or rekeyed CHILD_SA honours the PFS groups of esp_proposals
  // (RFC 7296 1.3): a request without KE matches only proposals that allow DH NONE.
  auto choice = choose_child(ctx_, sa, payloads, false, old ? old->config : nullptr);
  if (auto* refusal = std::get_if<ChildRefusal>(&choice)) {
    return refuse(ctx_, sa, refusal->notify, refusal->reason);
  }
  auto c = std::get<ChildChoice>(choice);
  if (old && old->state == ChildState::kRekeying &&
      (!ike::additional_kes(c.chosen).empty() || in_followup_chain(sa))) {
    // RFC 7296 2.8.1 resolves a collision with the nonces of two finished exchanges; a rekey whose
    // additional key exchanges are still to come is not finished. Both sides refuse, both retry
    // after a random delay (as for TEMPORARY_FAILURE), and the first retry wins.
    return refuse(
        ctx_, sa, w::NotifyType::kTemporaryFailure,
        fmt::format("CHILD_SA {{{}}} is being rekeyed with additional key exchanges", old->id));
  }
  return with_pfs(sa, std::move(c), old ? old->id : 0, payloads);
}

// The chosen proposal's PFS group: the peer's KE checked against it, g^ir on a worker.
Reply CreateChildSaResponder::with_pfs(IkeSa& sa, ChildChoice c, std::uint32_t old_id,
                                       const Payloads& payloads) {
  const auto* ke = w::find<w::KePayload>(payloads);
  Bytes nonce_i = w::find<w::NoncePayload>(payloads)->data;
  auto dh_t = c.chosen.first(TransformType::kDh);
  DhId group = dh_t ? static_cast<DhId>(dh_t->id) : DhId::kNone;
  // The chosen proposal has no group: no PFS, and a KE the peer sent anyway is not used.
  if (group == DhId::kNone) return answer_child(ctx_, sa, c, old_id, nonce_i, nullptr);
  if (!ke) {
    // RFC 7296 1.3: the group the peer proposed but sent no KE for goes back in INVALID_KE_PAYLOAD.
    ++ctx_.mutable_stats().child_ke_missing;
    Bytes g;
    put_be16(g, static_cast<std::uint16_t>(group));
    return refuse(
        ctx_, sa, w::NotifyType::kInvalidKePayload,
        fmt::format("no KE payload, but the chosen proposal requires PFS group {}", dh_name(group)),
        g);
  }
  if (ke->group != group) {
    Bytes g;
    put_be16(g, static_cast<std::uint16_t>(group));
    return refuse(
        ctx_, sa, w::NotifyType::kInvalidKePayload,
        fmt::format("peer used PFS group {}, we want {}", dh_name(ke->group), dh_name(group)), g);
  }
  auto job = std::make_shared<ResponderJob>();
  job->group = group;
  job->peer_public = ke->data;
  return Reply::deferred([job] { job->run(); },
                         [this, c, old_id, nonce_i, job](IkeSa& s) {
                           return answer_child(ctx_, s, c, old_id, nonce_i, job.get());
                         });
}

}  // namespace oakley::ikev2
