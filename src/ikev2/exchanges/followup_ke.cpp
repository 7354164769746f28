#include "ikev2/exchanges/followup_ke.hpp"

#include <fmt/format.h>

#include "crypto/compare.hpp"
#include "crypto/random.hpp"
#include "ikev2/exchange_context.hpp"
#include "ikev2/sa_log.hpp"
#include "wire/ikev2/names.hpp"

namespace oakley::ikev2 {

namespace w = wire::ikev2;

w::Payload additional_ke_notify(Bytes link) {
  return w::Payload{w::NotifyPayload::of(w::NotifyType::kAdditionalKeyExchange, std::move(link)),
                    false};
}

const Bytes* find_followup_link(const Payloads& payloads) {
  const auto* n = w::find_notify(payloads, w::NotifyType::kAdditionalKeyExchange);
  return n ? &n->data : nullptr;
}

namespace {

w::Payload ke_payload(const crypto::DhKeyPair& dh) {
  auto pub = dh.public_value();
  return w::Payload{w::KePayload{dh.id(), Bytes(pub.begin(), pub.end())}, false};
}

std::string ke_mismatch(const w::KePayload* ke, DhId expected) {
  if (!ke) return fmt::format("no KE payload (expected {})", dh_name(expected));
  return fmt::format("KE payload of group {} (negotiated {})", dh_name(ke->group),
                     dh_name(expected));
}

}  // namespace

// ----- initiator ---------------------------------------------------------------------------

void FollowupJob::run() {
  shared = ours ? ours->shared_secret(peer_public) : Result<SecretBytes>(SecretBytes{});
  if (!shared || next == DhId::kNone) return;
  auto pair = crypto::DhKeyPair::generate(next);
  if (pair) next_pair = std::move(*pair);
}

Status FollowupInitiator::start(const ike::Proposal& chosen, const Payloads& response) {
  auto kes = ike::additional_kes(chosen);
  groups_.assign(kes.begin(), kes.end());
  if (groups_.empty()) return {};
  const Bytes* link = find_followup_link(response);
  if (!link || link->empty()) {
    groups_.clear();
    return make_error(
        "responder chose additional key exchanges but sent no ADDITIONAL_KEY_EXCHANGE notify");
  }
  link_ = *link;
  return {};
}

std::shared_ptr<FollowupJob> FollowupInitiator::job(std::unique_ptr<crypto::DhKeyPair> ours,
                                                    Bytes peer_public) {
  auto job = std::make_shared<FollowupJob>();
  job->ours = std::move(ours);
  job->peer_public = std::move(peer_public);
  job->next = groups_.empty() ? DhId::kNone : groups_.front();
  return job;
}

Status FollowupInitiator::adopt(FollowupJob& job, bool counts_as_additional) {
  if (!job.shared) return job.shared.error();
  if (counts_as_additional) {
    secrets_.append(*job.shared);
    groups_.pop_front();
    ++done_;
  }
  dh_ = std::move(job.next_pair);
  if (!groups_.empty() && (!dh_ || dh_->id() != groups_.front())) {
    return make_error(fmt::format("cannot generate a {} key pair", dh_name(groups_.front())));
  }
  return {};
}

Result<Payloads> FollowupInitiator::build_request() const {
  if (groups_.empty() || !dh_) return make_error("no additional key exchange left to send");
  Payloads out;
  out.push_back(additional_ke_notify(link_));
  out.push_back(ke_payload(*dh_));
  return out;
}

Result<std::shared_ptr<FollowupJob>> FollowupInitiator::on_response(const Payloads& response) {
  if (const auto* err = w::find_error_notify(response)) {
    return make_error(fmt::format("additional key exchange {} refused: peer answered {}",
                                  dh_name(groups_.front()), w::notify_name(err->type)));
  }
  const DhId group = groups_.front();
  const auto* ke = w::find<w::KePayload>(response);
  if (!ke || ke->group != group) {
    return make_error("IKE_FOLLOWUP_KE response with " + ke_mismatch(ke, group));
  }
  if (groups_.size() > 1) {
    const Bytes* link = find_followup_link(response);
    if (!link || link->empty()) {
      return make_error("IKE_FOLLOWUP_KE response without the link for the next exchange");
    }
    link_ = *link;
  }
  auto job = std::make_shared<FollowupJob>();
  job->ours = std::move(dh_);
  job->peer_public = ke->data;
  job->next = groups_.size() > 1 ? groups_[1] : DhId::kNone;
  return job;
}

void ResponderKeJob::run() {
  auto pair = crypto::DhKeyPair::generate(group);
  if (!pair) {
    shared = pair.take_error();
    return;
  }
  dh = std::move(*pair);
  shared = dh->shared_secret(peer_public);
}

bool in_followup_chain(const IkeSa& sa) {
  return sa.active && sa.active->exchange() == w::ExchangeType::kIkeFollowupKe;
}

// ----- responder ---------------------------------------------------------------------------

namespace {

void schedule_timeout(ExchangeContext& ctx, IkeSa& sa) {
  auto& f = *sa.followup;
  if (f.timer) ctx.timers().cancel(f.timer);
  std::uint32_t sa_id = sa.id;
  ExchangeContext* e = &ctx;
  f.timer = ctx.timers().schedule(kFollowupTimeout, [e, sa_id] {
    IkeSa* s = e->find_sa(sa_id);
    if (!s || !s->followup) return;
    s->followup->timer = 0;
    drop_followup(*e, *s, "no IKE_FOLLOWUP_KE request within the timeout");
  });
}

Reply refuse(ExchangeContext& ctx, IkeSa& sa, std::uint32_t mid, w::NotifyType type,
             const std::string& why) {
  sa_log(sa, log::Level::kWarn, "IKE_FOLLOWUP_KE request {} refused: {} - sending {}", mid, why,
         w::notify_name(type));
  if (sa.followup) drop_followup(ctx, sa, why);
  return Reply::error(type);
}

Reply answer(ExchangeContext& ctx, IkeSa& sa, std::uint32_t mid, const FollowupResponder* expected,
             ResponderKeJob& job) {
  // The chain may have timed out (or the SA been rekeyed away) while the worker ran.
  if (!sa.followup || sa.followup.get() != expected) {
    return refuse(ctx, sa, mid, w::NotifyType::kStateNotFound,
                  "the follow-up chain ended while its key exchange was computed");
  }
  auto& f = *sa.followup;
  if (!job.shared) {
    return refuse(ctx, sa, mid, w::NotifyType::kInvalidSyntax,
                  fmt::format("additional key exchange {} failed: {}", dh_name(job.group),
                              job.shared.error().message));
  }
  f.secrets.append(*job.shared);
  f.pending.pop_front();
  ++f.done;
  Payloads out;
  out.push_back(ke_payload(*job.dh));
  if (!f.pending.empty()) {
    f.link = crypto::random_bytes(kFollowupLinkSize);
    out.push_back(additional_ke_notify(f.link));
    schedule_timeout(ctx, sa);
    sa_log(sa, log::Level::kInfo, "{}: additional key exchange {} done ({} of {})", f.what,
           dh_name(job.group), f.done, f.done + f.pending.size());
    return Reply::send(std::move(out));
  }
  auto chain = std::move(sa.followup);
  if (chain->timer) ctx.timers().cancel(chain->timer);
  sa_log(sa, log::Level::kInfo, "{}: additional key exchange {} done ({} of {}), creating the SA",
         chain->what, dh_name(job.group), chain->done, chain->done);
  // The response goes out under the current IKE SA's keys, whatever `complete` creates.
  if (auto st = chain->complete(sa, chain->secrets); !st) {
    sa_log(sa, log::Level::kWarn, "{} after IKE_FOLLOWUP_KE failed: {}", chain->what,
           st.error().message);
    if (chain->dropped) chain->dropped();
    return Reply::error(w::NotifyType::kNoProposalChosen);
  }
  return Reply::send(std::move(out));
}

}  // namespace

Bytes start_followup_responder(ExchangeContext& ctx, IkeSa& sa, std::vector<DhId> groups,
                               std::string what,
                               std::function<Status(IkeSa&, const SecretBytes&)> complete,
                               std::function<void()> dropped) {
  if (sa.followup) drop_followup(ctx, sa, "a new follow-up chain replaces it");
  auto f = std::make_unique<FollowupResponder>();
  f->what = std::move(what);
  f->link = crypto::random_bytes(kFollowupLinkSize);
  f->pending.assign(groups.begin(), groups.end());
  f->complete = std::move(complete);
  f->dropped = std::move(dropped);
  Bytes link = f->link;
  sa.followup = std::move(f);
  schedule_timeout(ctx, sa);
  return link;
}

void drop_followup(ExchangeContext& ctx, IkeSa& sa, std::string_view why) {
  if (!sa.followup) return;
  auto chain = std::move(sa.followup);
  if (chain->timer) ctx.timers().cancel(chain->timer);
  sa_log(sa, log::Level::kWarn, "{} with additional key exchanges abandoned after {} of {}: {}",
         chain->what, chain->done, chain->done + chain->pending.size(), why);
  if (chain->dropped) chain->dropped();
}

Reply FollowupKeResponder::respond(IkeSa& sa, const Request& request) {
  const std::uint32_t mid = request.message_id();
  const Payloads& payloads = request.payloads;
  const Bytes* link = find_followup_link(payloads);
  if (!sa.followup) {
    return refuse(ctx_, sa, mid, w::NotifyType::kStateNotFound,
                  "no CREATE_CHILD_SA awaits additional key exchanges");
  }
  auto& f = *sa.followup;
  if (!link || !crypto::equal_constant_time(*link, f.link)) {
    return refuse(
        ctx_, sa, mid, w::NotifyType::kStateNotFound,
        link ? "unknown ADDITIONAL_KEY_EXCHANGE link data" : "no ADDITIONAL_KEY_EXCHANGE notify");
  }
  const DhId group = f.pending.front();
  const auto* ke = w::find<w::KePayload>(payloads);
  if (!ke || ke->group != group) {
    return refuse(ctx_, sa, mid, w::NotifyType::kInvalidSyntax, ke_mismatch(ke, group));
  }
  auto job = std::make_shared<ResponderKeJob>();
  job->group = group;
  job->peer_public = ke->data;
  const FollowupResponder* expected = sa.followup.get();
  return Reply::deferred(
      [job] { job->run(); },
      [this, job, mid, expected](IkeSa& s) { return answer(ctx_, s, mid, expected, *job); });
}

}  // namespace oakley::ikev2
