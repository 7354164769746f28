#include "ikev2/exchanges/ike_rekey.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "crypto/random.hpp"
#include "ikev2/engine.hpp"
#include "ikev2/exchanges/ike_intermediate.hpp"
#include "ikev2/exchanges/informational.hpp"
#include "ikev2/ike_keys.hpp"
#include "ikev2/payload_convert.hpp"
#include "ikev2/sa_log.hpp"
#include "wire/ikev2/names.hpp"

namespace oakley::ikev2 {

namespace w = wire::ikev2;

namespace {

w::Payload notify(w::NotifyType type, Bytes data = {}) {
  return w::Payload{w::NotifyPayload::of(type, std::move(data)), false};
}

bool less_nonce(const Bytes& a, const Bytes& b) {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end());
}

DhId group_of(const ike::Proposal& p) {
  auto t = p.first(TransformType::kDh);
  return t ? static_cast<DhId>(t->id) : DhId::kNone;
}

// The new SA inherits everything but SPIs, keys and the role.
IkeSa& make_successor(Engine& engine, IkeSa& old, bool we_initiated, std::uint64_t spi_i,
                      std::uint64_t spi_r, const ike::Proposal& proposal, IkeKeyResult& keys) {
  IkeSa& n = engine.create_sa_with_spi(we_initiated, old.connection, we_initiated ? spi_i : spi_r);
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
  engine.on_rekeyed(old, n);
  return n;
}

}  // namespace

std::unique_ptr<Task> make_ike_rekey_task(Engine& engine) {
  return std::make_unique<IkeRekeyTask>(engine);
}

std::function<void()> IkeRekeyTask::prepare_for(IkeSa& sa) {
  // The new SA's DH group is the current one's; its key pair is made on a worker.
  if (group_ == DhId::kNone) group_ = group_of(sa.proposal);
  if (group_ == DhId::kNone || (dh_ && dh_->id() == group_)) return {};
  return prepared_.job(group_);
}

Result<Payloads> IkeRekeyTask::build_request(IkeSa& sa) {
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
  } while (new_spi_i_ == 0 || engine_.spi_in_use(new_spi_i_));
  offered_ = without_additional_ke(ike::from_config(sa.connection->proposals));
  if (offered_.empty()) {
    return make_error(
        "every IKE proposal requires additional key exchanges (ke1_ ...): IKE_FOLLOWUP_KE "
        "(RFC 9370) is not implemented, the IKE SA is not rekeyed");
  }
  for (auto& p : offered_)
    p.spi = spi64_bytes(new_spi_i_);
  nonce_i_ = crypto::random_bytes(engine_.options().nonce_size);
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
    if (IkeSa* theirs = engine_.find_sa(sa.rekey_collision->peer_sa_id)) {
      engine_.adopt_children(sa, *theirs);
      sa.state = IkeState::kRekeyed;
    }
    sa.rekey_collision.reset();
  }
  engine_.complete_ike(sa.id, make_error(why));
  return Step::failed(why);
}

Step IkeRekeyTask::process_response(IkeSa& sa, const Payloads& payloads, ByteView) {
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
      Engine* engine = &engine_;
      engine_.timers().schedule(
          std::chrono::milliseconds(1000 + crypto::random_u32() % 4000), [engine, sa_id] {
            if (IkeSa* s = engine->find_sa(sa_id); s && s->state == IkeState::kEstablished) {
              engine->queue_task(*s, make_ike_rekey_task(*engine));
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
  auto job = std::make_shared<DhJob>();
  job->group = group_;
  job->dh = std::move(dh_);
  job->peer_public = ke->data;
  std::uint64_t spi_r = load_be64(answer.front().spi.data());
  job->inputs =
      IkeKeyInputs{answer.front(), nonce_i_, nonce->data, new_spi_i_, spi_r, true, sa.sk_d};
  job->inputs.key_log = engine_.key_log();
  Bytes nonce_r = nonce->data;
  return Step::deferred(
      [job] { job->run(); },
      [this, job, spi_r, nonce_r](IkeSa& old) -> Step {
        if (!job->result)
          return fail(old, "IKE rekey key derivation: " + job->result.error().message);
        IkeSa& ours = make_successor(engine_, old, true, new_spi_i_, spi_r, job->inputs.proposal,
                                     *job->result);
        ++engine_.mutable_stats().ike_rekeyed;
        auto collision = std::move(old.rekey_collision);
        old.rekey_collision.reset();
        IkeSa* theirs = collision ? engine_.find_sa(collision->peer_sa_id) : nullptr;
        if (theirs) {
          ++engine_.mutable_stats().rekey_collisions;
          bool ours_lowest =
              less_nonce(std::min(nonce_i_, nonce_r, less_nonce),
                         std::min(collision->nonce_i, collision->nonce_r, less_nonce));
          old.state = IkeState::kRekeyed;
          if (ours_lowest) {
            sa_log(old, log::Level::kInfo,
                   "IKE rekey collision lost, deleting our redundant IKE SA #{}", ours.id);
            engine_.adopt_children(old, *theirs);
            engine_.queue_task(ours, make_ike_delete_task(engine_));
            engine_.complete_ike(old.id, Status{});
            return Step::done();
          }
          sa_log(old, log::Level::kInfo, "IKE rekey collision won");
        }
        engine_.adopt_children(old, ours);
        old.state = IkeState::kRekeyed;
        engine_.complete_ike(old.id, Status{});
        engine_.queue_task(old, make_ike_delete_task(engine_));
        return Step::done();
      });
}

void IkeRekeyTask::abort(IkeSa& sa, std::string_view why) {
  if (sa.state == IkeState::kRekeying) sa.state = IkeState::kEstablished;
  sa.rekey_collision.reset();
  engine_.complete_ike(sa.id, make_error(std::string(why)));
}

void respond_ike_rekey(Engine& engine, IkeSa& sa, std::uint32_t mid, const Payloads& payloads) {
  auto refuse = [&](w::NotifyType type, const std::string& why, Bytes data = {}) {
    sa_log(sa, log::Level::kWarn, "IKE rekey refused: {} - sending {}", why, w::notify_name(type));
    engine.send_response(sa, w::ExchangeType::kCreateChildSa, mid, {notify(type, std::move(data))},
                         true);
  };
  if (sa.state != IkeState::kEstablished && sa.state != IkeState::kRekeying) {
    return refuse(w::NotifyType::kTemporaryFailure, "IKE SA is not established");
  }
  if (sa.active && sa.active->exchange() == w::ExchangeType::kCreateChildSa &&
      sa.state != IkeState::kRekeying) {
    return refuse(w::NotifyType::kTemporaryFailure, "a CHILD_SA exchange is under way");
  }
  const auto* sa_payload = w::find<w::SaPayload>(payloads);
  const auto* ke = w::find<w::KePayload>(payloads);
  const auto* nonce = w::find<w::NoncePayload>(payloads);
  if (!ke) return refuse(w::NotifyType::kInvalidSyntax, "IKE rekey without KE");
  std::string why;
  auto chosen =
      ike::select_proposal(without_additional_ke(ike::from_config(sa.connection->proposals)),
                           without_additional_ke(from_sa_payload(*sa_payload)), false, &why);
  if (!chosen) {
    if (ike::offers_additional_ke(ike::from_config(sa.connection->proposals)))
      why += " (additional key exchanges need IKE_FOLLOWUP_KE, not implemented)";
    return refuse(w::NotifyType::kNoProposalChosen, why);
  }
  if (chosen->spi.size() != 8)
    return refuse(w::NotifyType::kInvalidSyntax, "IKE rekey SPI not 8 bytes");
  DhId group = group_of(*chosen);
  if (ke->group != group) {
    Bytes g;
    put_be16(g, static_cast<std::uint16_t>(group));
    return refuse(w::NotifyType::kInvalidKePayload, "KE group mismatch", g);
  }
  std::uint64_t spi_i = load_be64(chosen->spi.data());
  std::uint64_t spi_r = 0;
  do {
    spi_r = crypto::random_u64();
  } while (spi_r == 0 || engine.spi_in_use(spi_r));
  Bytes nonce_i = nonce->data;
  Bytes nonce_r = crypto::random_bytes(engine.options().nonce_size);
  auto job = std::make_shared<DhJob>();
  job->group = group;
  job->peer_public = ke->data;
  job->inputs = IkeKeyInputs{*chosen, nonce_i, nonce_r, spi_i, spi_r, false, sa.sk_d};
  job->inputs.key_log = engine.key_log();
  engine.defer(
      sa, [job] { job->run(); },
      [&engine, mid, job, spi_i, spi_r, nonce_i, nonce_r](IkeSa& old) {
        if (!job->result || engine.spi_in_use(spi_r)) {
          sa_log(old, log::Level::kWarn, "IKE rekey failed: {}",
                 job->result ? "SPI collision" : job->result.error().message);
          engine.send_response(old, w::ExchangeType::kCreateChildSa, mid,
                               {notify(w::NotifyType::kNoProposalChosen)}, true);
          return;
        }
        auto proposal = job->inputs.proposal;
        auto pub = job->dh->public_value();
        Payloads out;
        auto answer = proposal;
        answer.spi = spi64_bytes(spi_r);
        out.push_back(w::Payload{to_sa_payload({answer}), false});
        out.push_back(w::Payload{w::NoncePayload{nonce_r}, false});
        out.push_back(
            w::Payload{w::KePayload{job->dh->id(), Bytes(pub.begin(), pub.end())}, false});
        bool we_were_rekeying = old.state == IkeState::kRekeying;
        IkeSa& theirs = make_successor(engine, old, false, spi_i, spi_r, proposal, *job->result);
        engine.send_response(old, w::ExchangeType::kCreateChildSa, mid, std::move(out), true);
        ++engine.mutable_stats().ike_rekeyed;
        if (we_were_rekeying) {
          old.rekey_collision = IkeSa::RekeyCollision{theirs.id, nonce_i, nonce_r};
          return;
        }
        engine.adopt_children(old, theirs);
        old.state = IkeState::kRekeyed;
        // The rekey's initiator deletes the old SA; if it never does, we do.
        std::uint32_t old_id = old.id;
        old.expire_timer = engine.timers().schedule(std::chrono::seconds(30), [&engine, old_id] {
          if (IkeSa* s = engine.find_sa(old_id)) {
            s->expire_timer = 0;
            engine.destroy_sa(*s, "rekeyed IKE SA was not deleted by the peer", false);
          }
        });
      });
}

}  // namespace oakley::ikev2
