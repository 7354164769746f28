#include "ikev2/exchanges/ike_rekey.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "crypto/random.hpp"
#include "ikev2/exchange_context.hpp"
#include "ikev2/exchanges/informational.hpp"
#include "ikev2/ike_keys.hpp"
#include "ikev2/payload_convert.hpp"
#include "ikev2/sa_log.hpp"
#include "wire/ikev2/names.hpp"

namespace oakley::ikev2 {

namespace w = wire::ikev2;

namespace {

bool less_nonce(const Bytes& a, const Bytes& b) {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end());
}

DhId group_of(const ike::Proposal& p) {
  auto t = p.first(TransformType::kDh);
  return t ? static_cast<DhId>(t->id) : DhId::kNone;
}

// The new SA inherits everything but SPIs, keys and the role.
IkeSa& make_successor(ExchangeContext& ctx, IkeSa& old, bool we_initiated, std::uint64_t spi_i,
                      std::uint64_t spi_r, const ike::Proposal& proposal, IkeKeyResult& keys) {
  IkeSa& n = ctx.create_sa_with_spi(we_initiated, old.connection, we_initiated ? spi_i : spi_r);
  n.config_snapshot = old.config_snapshot;
  n.spi_i = spi_i;
  n.spi_r = spi_r;
  n.local = old.local;
  n.remote = old.remote;
  n.nat_local = old.nat_local;
  n.nat_remote = old.nat_remote;
  n.peer_supports_fragmentation = old.peer_supports_fragmentation;
  n.local_id = old.local_id;
  n.remote_id = old.remote_id;
  n.remote_identity = old.remote_identity;
  n.proposal = proposal;
  n.prf = keys.prf;
  n.sk_d = std::move(keys.sk_d);
  n.sk_pi = std::move(keys.sk_pi);
  n.sk_pr = std::move(keys.sk_pr);
  n.crypter = std::move(keys.crypter);
  n.next_peer_request_id = 0;
  n.next_request_id = 0;
  ctx.on_rekeyed(old, n);
  return n;
}

}  // namespace

std::unique_ptr<Task> make_ike_rekey_task(ExchangeContext& ctx) {
  return std::make_unique<IkeRekeyTask>(ctx);
}

std::function<void()> IkeRekeyTask::prepare_for(IkeSa& sa) {
  // The new SA's DH group is the current one's; its key pair is made on a worker.
  if (group_ == DhId::kNone) group_ = group_of(sa.proposal);
  if (group_ == DhId::kNone || (dh_ && dh_->id() == group_)) return {};
  return prepared_.job(group_);
}

Result<Payloads> IkeRekeyTask::build_request(IkeSa& sa) {
  if (followup_.in_chain()) return followup_.build_request();
  if (sa.state != IkeState::kEstablished) {
    return make_error(fmt::format("IKE SA is {}", ike_state_name(sa.state)));
  }
  if (group_ == DhId::kNone) group_ = group_of(sa.proposal);
  if (auto prepared = prepared_.take()) dh_ = std::move(prepared);
  if (!dh_ || dh_->id() != group_) {
    auto dh = crypto::DhKeyPair::generate(group_);
    if (!dh) return dh.take_error();
    dh_ = std::move(*dh);
  }
  do {
    new_spi_i_ = crypto::random_u64();
  } while (new_spi_i_ == 0 || ctx_.spi_in_use(new_spi_i_));
  offered_ = ike::from_config(sa.connection->proposals);
  for (auto& p : offered_)
    p.spi = spi64_bytes(new_spi_i_);
  nonce_i_ = crypto::random_bytes(ctx_.options().nonce_size);
  sa.state = IkeState::kRekeying;
  Payloads out;
  out.push_back(w::Payload{to_sa_payload(offered_), false});
  out.push_back(w::Payload{w::NoncePayload{nonce_i_}, false});
  auto pub = dh_->public_value();
  out.push_back(w::Payload{w::KePayload{group_, Bytes(pub.begin(), pub.end())}, false});
  return out;
}

Step IkeRekeyTask::fail(IkeSa& sa, const std::string& why) {
  if (sa.state == IkeState::kRekeying) sa.state = IkeState::kEstablished;
  if (sa.rekey_collision) {
    // The peer's rekey stands alone: its new SA takes the children.
    if (IkeSa* theirs = ctx_.find_sa(sa.rekey_collision->peer_sa_id)) {
      ctx_.adopt_children(sa, *theirs);
      sa.state = IkeState::kRekeyed;
    }
    sa.rekey_collision.reset();
  }
  ctx_.complete_ike(sa.id, make_error(why));
  return Step::failed(why);
}

Step IkeRekeyTask::process_response(IkeSa& sa, const Payloads& payloads, ByteView) {
  if (followup_.in_chain()) return process_followup(sa, payloads);
  if (const auto* ke_err = w::find_notify(payloads, w::NotifyType::kInvalidKePayload)) {
    if (ke_err->data.size() == 2) {
      auto group = static_cast<DhId>(load_be16(ke_err->data.data()));
      bool offered = std::any_of(offered_.begin(), offered_.end(), [&](const ike::Proposal& p) {
        for (auto& t : p.of_type(TransformType::kDh)) {
          if (t.id == static_cast<std::uint16_t>(group)) return true;
        }
        return false;
      });
      if (offered && group != group_) {
        group_ = group;
        sa.state = IkeState::kEstablished;
        return Step::resend();
      }
    }
    return fail(sa, "peer wants a DH group we do not offer for the IKE rekey");
  }
  if (const auto* err = w::find_error_notify(payloads)) {
    if (err->type == w::NotifyType::kTemporaryFailure) {
      std::uint32_t sa_id = sa.id;
      ExchangeContext* ctx = &ctx_;
      ctx_.timers().schedule(
          std::chrono::milliseconds(1000 + crypto::random_u32() % 4000), [ctx, sa_id] {
            if (IkeSa* s = ctx->find_sa(sa_id); s && s->state == IkeState::kEstablished) {
              ctx->queue_task(*s, make_ike_rekey_task(*ctx));
            }
          });
    }
    return fail(sa, fmt::format("IKE rekey refused: peer answered {}", w::notify_name(err->type)));
  }
  const auto* sa_payload = w::find<w::SaPayload>(payloads);
  const auto* ke = w::find<w::KePayload>(payloads);
  const auto* nonce = w::find<w::NoncePayload>(payloads);
  if (!sa_payload || !ke || !nonce) return fail(sa, "IKE rekey response lacks SA, KE or Nonce");
  auto answer = from_sa_payload(*sa_payload);
  if (answer.size() != 1 || answer.front().spi.size() != 8 ||
      !ike::is_valid_answer(offered_, answer.front())) {
    return fail(sa, "IKE rekey: responder chose a proposal we did not offer");
  }
  if (ke->group != group_of(answer.front()) || ke->group != group_) {
    return fail(sa, "IKE rekey: KE group does not match the chosen proposal");
  }
  std::uint64_t spi_r = load_be64(answer.front().spi.data());
  if (auto st = followup_.start(answer.front(), payloads); !st) return fail(sa, st.error().message);
  if (followup_.in_chain()) {
    chosen_ = answer.front();
    spi_r_ = spi_r;
    nonce_r_ = nonce->data;
    auto job = followup_.job(std::move(dh_), ke->data);
    return Step::deferred([job] { job->run(); },
                          [this, job](IkeSa& old) -> Step {
                            if (auto st = followup_.adopt(*job, false); !st) {
                              return fail(old, "IKE rekey: " + st.error().message);
                            }
                            sk0_ = std::move(*job->shared);
                            return Step::resend();  // the first IKE_FOLLOWUP_KE
                          });
  }
  auto job = std::make_shared<DhJob>();
  job->group = group_;
  job->dh = std::move(dh_);
  job->peer_public = ke->data;
  job->inputs =
      IkeKeyInputs{answer.front(), nonce_i_, nonce->data, new_spi_i_, spi_r, true, sa.sk_d};
  job->inputs.key_log = ctx_.key_log();
  Bytes nonce_r = nonce->data;
  return Step::deferred([job] { job->run(); },
                        [this, job, spi_r, nonce_r](IkeSa& old) -> Step {
                          if (!job->result) {
                            return fail(old,
                                        "IKE rekey key derivation: " + job->result.error().message);
                          }
                          return complete(old, *job->result, job->inputs.proposal, spi_r, nonce_r);
                        });
}

Step IkeRekeyTask::process_followup(IkeSa& sa, const Payloads& payloads) {
  auto job = followup_.on_response(payloads);
  if (!job) return fail(sa, "IKE rekey: " + job.error().message);
  return Step::deferred(
      [j = *job] { j->run(); },
      [this, j = *job](IkeSa& old) -> Step {
        if (auto st = followup_.adopt(*j, true); !st) {
          return fail(old, "IKE rekey: additional key exchange: " + st.error().message);
        }
        sa_log(old, log::Level::kInfo, "IKE rekey: additional key exchange {} of {} done",
               followup_.done(), followup_.total());
        if (followup_.in_chain()) return Step::resend();
        IkeKeyInputs in{chosen_, nonce_i_, nonce_r_, new_spi_i_, spi_r_, true, old.sk_d};
        in.additional_secrets = followup_.secrets();
        in.key_log = ctx_.key_log();
        auto keys = derive_ike_keys_from(in, sk0_);
        if (!keys) return fail(old, "IKE rekey key derivation: " + keys.error().message);
        return complete(old, *keys, chosen_, spi_r_, nonce_r_);
      });
}

Step IkeRekeyTask::complete(IkeSa& old, IkeKeyResult& keys, const ike::Proposal& proposal,
                            std::uint64_t spi_r, const Bytes& nonce_r) {
  IkeSa& ours = make_successor(ctx_, old, true, new_spi_i_, spi_r, proposal, keys);
  ++ctx_.mutable_stats().ike_rekeyed;
  auto collision = std::move(old.rekey_collision);
  old.rekey_collision.reset();
  IkeSa* theirs = collision ? ctx_.find_sa(collision->peer_sa_id) : nullptr;
  if (theirs) {
    ++ctx_.mutable_stats().rekey_collisions;
    bool ours_lowest = less_nonce(std::min(nonce_i_, nonce_r, less_nonce),
                                  std::min(collision->nonce_i, collision->nonce_r, less_nonce));
    old.state = IkeState::kRekeyed;
    if (ours_lowest) {
      sa_log(old, log::Level::kInfo, "IKE rekey collision lost, deleting our redundant IKE SA #{}",
             ours.id);
      ctx_.adopt_children(old, *theirs);
      ctx_.queue_task(ours, make_ike_delete_task(ctx_));
      ctx_.complete_ike(old.id, Status{});
      return Step::done();
    }
    sa_log(old, log::Level::kInfo, "IKE rekey collision won");
  }
  ctx_.adopt_children(old, ours);
  old.state = IkeState::kRekeyed;
  ctx_.complete_ike(old.id, Status{});
  ctx_.queue_task(old, make_ike_delete_task(ctx_));
  return Step::done();
}

void IkeRekeyTask::abort(IkeSa& sa, std::string_view why) {
  if (sa.state == IkeState::kRekeying) sa.state = IkeState::kEstablished;
  sa.rekey_collision.reset();
  ctx_.complete_ike(sa.id, make_error(std::string(why)));
}

namespace {

// The new IKE SA from the peer's rekey, once its keys are known; the old one waits for the
// peer's DELETE (or our half of a collision).
void adopt_peer_rekey(ExchangeContext& ctx, IkeSa& old, const ike::Proposal& proposal,
                      std::uint64_t spi_i, std::uint64_t spi_r, const Bytes& nonce_i,
                      const Bytes& nonce_r, IkeKeyResult& keys) {
  bool we_were_rekeying = old.state == IkeState::kRekeying;
  IkeSa& theirs = make_successor(ctx, old, false, spi_i, spi_r, proposal, keys);
  ++ctx.mutable_stats().ike_rekeyed;
  if (we_were_rekeying) {
    old.rekey_collision = IkeSa::RekeyCollision{theirs.id, nonce_i, nonce_r};
    return;
  }
  ctx.adopt_children(old, theirs);
  old.state = IkeState::kRekeyed;
  // The rekey's initiator deletes the old SA; if it never does, we do.
  std::uint32_t old_id = old.id;
  old.expire_timer = ctx.timers().schedule(std::chrono::seconds(30), [&ctx, old_id] {
    if (IkeSa* s = ctx.find_sa(old_id)) {
      s->expire_timer = 0;
      ctx.destroy_sa(*s, "rekeyed IKE SA was not deleted by the peer", false);
    }
  });
}

Payloads rekey_answer(ike::Proposal answer, std::uint64_t spi_r, const Bytes& nonce_r,
                      const crypto::DhKeyPair& dh) {
  answer.spi = spi64_bytes(spi_r);
  auto pub = dh.public_value();
  Payloads out;
  out.push_back(w::Payload{to_sa_payload({answer}), false});
  out.push_back(w::Payload{w::NoncePayload{nonce_r}, false});
  out.push_back(w::Payload{w::KePayload{dh.id(), Bytes(pub.begin(), pub.end())}, false});
  return out;
}

// RFC 9370 2.2.4: the CREATE_CHILD_SA gives SK(0) only; the new SA is made once the
// IKE_FOLLOWUP_KE exchanges are done: SKEYSEED = prf(SK_d, SK(0) | Ni | Nr | SK(1) | ...).
Reply answer_with_followups(ExchangeContext& ctx, IkeSa& sa, const ike::Proposal& proposal,
                            std::uint64_t spi_i, std::uint64_t spi_r, Bytes nonce_i, Bytes nonce_r,
                            ResponderKeJob& job) {
  auto out = rekey_answer(proposal, spi_r, nonce_r, *job.dh);
  auto complete = [&ctx, proposal, spi_i, spi_r, nonce_i, nonce_r, sk0 = std::move(*job.shared)](
                      IkeSa& old, const SecretBytes& additional) -> Status {
    if (ctx.spi_in_use(spi_r)) return make_error("SPI collision");
    IkeKeyInputs in{proposal, nonce_i, nonce_r, spi_i, spi_r, false, old.sk_d};
    in.additional_secrets = additional;
    in.key_log = ctx.key_log();
    auto keys = derive_ike_keys_from(in, sk0);
    if (!keys) return keys.error();
    adopt_peer_rekey(ctx, old, proposal, spi_i, spi_r, nonce_i, nonce_r, *keys);
    return {};
  };
  Bytes link = start_followup_responder(ctx, sa, ike::additional_kes(proposal), "IKE rekey",
                                        std::move(complete), {});
  out.push_back(additional_ke_notify(std::move(link)));
  return Reply::send(std::move(out));
}

}  // namespace

Reply IkeRekeyResponder::refuse(IkeSa& sa, w::NotifyType type, const std::string& why, Bytes data) {
  sa_log(sa, log::Level::kWarn, "IKE rekey refused: {} - sending {}", why, w::notify_name(type));
  return Reply::error(type, std::move(data));
}

// Why the peer's IKE rekey cannot be taken up now; nullopt when it can.
std::optional<std::string> IkeRekeyResponder::busy_with(const IkeSa& sa) {
  if (sa.state != IkeState::kEstablished && sa.state != IkeState::kRekeying) {
    return "IKE SA is not established";
  }
  if (sa.active && sa.state != IkeState::kRekeying &&
      (sa.active->exchange() == w::ExchangeType::kCreateChildSa || in_followup_chain(sa))) {
    return "a CHILD_SA exchange is under way";
  }
  if (sa.followup) return "the additional key exchanges of another CREATE_CHILD_SA are under way";
  return std::nullopt;
}

Reply IkeRekeyResponder::respond(IkeSa& sa, const Request& request) {
  const Payloads& payloads = request.payloads;
  if (auto busy = busy_with(sa)) return refuse(sa, w::NotifyType::kTemporaryFailure, *busy);
  const auto* sa_payload = w::find<w::SaPayload>(payloads);
  const auto* ke = w::find<w::KePayload>(payloads);
  const auto* nonce = w::find<w::NoncePayload>(payloads);
  if (!ke) return refuse(sa, w::NotifyType::kInvalidSyntax, "IKE rekey without KE");
  std::string why;
  auto chosen = ike::select_proposal(ike::from_config(sa.connection->proposals),
                                     from_sa_payload(*sa_payload), false, &why);
  if (!chosen) return refuse(sa, w::NotifyType::kNoProposalChosen, why);
  if (chosen->spi.size() != 8)
    return refuse(sa, w::NotifyType::kInvalidSyntax, "IKE rekey SPI not 8 bytes");
  DhId group = group_of(*chosen);
  if (ke->group != group) {
    Bytes g;
    put_be16(g, static_cast<std::uint16_t>(group));
    return refuse(sa, w::NotifyType::kInvalidKePayload, "KE group mismatch", g);
  }
  const bool followups = !ike::additional_kes(*chosen).empty();
  if (sa.state == IkeState::kRekeying && (followups || in_followup_chain(sa))) {
    // RFC 7296 2.25.2 resolves a collision with the nonces of two finished exchanges; one whose
    // additional key exchanges are still to come is not finished. Both sides refuse, both retry
    // after a random delay, and the first retry wins.
    return refuse(sa, w::NotifyType::kTemporaryFailure,
                  "simultaneous IKE rekey with additional key exchanges");
  }
  NewSa next{*chosen, load_be64(chosen->spi.data()), 0, nonce->data,
             crypto::random_bytes(ctx_.options().nonce_size)};
  do {
    next.spi_r = crypto::random_u64();
  } while (next.spi_r == 0 || ctx_.spi_in_use(next.spi_r));
  if (followups) return with_followups(std::move(next), group, ke->data);
  return at_once(sa, std::move(next), group, ke->data);
}

// The new SA's keys come from this exchange's DH alone.
Reply IkeRekeyResponder::at_once(IkeSa& sa, NewSa next, DhId group, const Bytes& peer_public) {
  auto job = std::make_shared<DhJob>();
  job->group = group;
  job->peer_public = peer_public;
  job->inputs = IkeKeyInputs{next.proposal, next.nonce_i, next.nonce_r, next.spi_i,
                             next.spi_r,    false,        sa.sk_d};
  job->inputs.key_log = ctx_.key_log();
  return Reply::deferred([job] { job->run(); },
                         [this, job, next](IkeSa& old) {
                           if (!job->result || ctx_.spi_in_use(next.spi_r)) {
                             sa_log(old, log::Level::kWarn, "IKE rekey failed: {}",
                                    job->result ? "SPI collision" : job->result.error().message);
                             return Reply::error(w::NotifyType::kNoProposalChosen);
                           }
                           auto out =
                               rekey_answer(next.proposal, next.spi_r, next.nonce_r, *job->dh);
                           adopt_peer_rekey(ctx_, old, next.proposal, next.spi_i, next.spi_r,
                                            next.nonce_i, next.nonce_r, *job->result);
                           return Reply::send(std::move(out));
                         });
}

// RFC 9370: the first key exchange now, the new SA after the IKE_FOLLOWUP_KE exchanges.
Reply IkeRekeyResponder::with_followups(NewSa next, DhId group, const Bytes& peer_public) {
  auto job = std::make_shared<ResponderKeJob>();
  job->group = group;
  job->peer_public = peer_public;
  return Reply::deferred(
      [job] { job->run(); },
      [this, job, next](IkeSa& old) {
        if (!job->shared) {
          sa_log(old, log::Level::kWarn, "IKE rekey failed: {}", job->shared.error().message);
          return Reply::error(w::NotifyType::kNoProposalChosen);
        }
        return answer_with_followups(ctx_, old, next.proposal, next.spi_i, next.spi_r, next.nonce_i,
                                     next.nonce_r, *job);
      });
}

}  // namespace oakley::ikev2
