#include "ikev2/exchanges/ike_intermediate.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "ikev2/diagnosis_phase.hpp"
#include "ikev2/exchange_context.hpp"
#include "ikev2/ike_keys.hpp"
#include "ikev2/int_auth.hpp"
#include "ikev2/sa_log.hpp"
#include "wire/ikev2/names.hpp"

namespace oakley::ikev2 {

namespace w = wire::ikev2;

namespace {

w::Payload notify(w::NotifyType type) {
  return w::Payload{w::NotifyPayload::of(type, {}), false};
}

w::Header intermediate_header(const IkeSa& sa, bool response, std::uint32_t mid) {
  w::Header h;
  h.initiator_spi = sa.spi_i;
  h.responder_spi = sa.spi_r;
  h.exchange_type = w::ExchangeType::kIkeIntermediate;
  h.message_id = mid;
  h.flags = static_cast<std::uint8_t>((sa.original_initiator ? w::kFlagInitiator : 0) |
                                      (response ? w::kFlagResponse : 0));
  return h;
}

// Extends the chain `value` by one message under the SK_p that protects it.
Status extend(const IkeSa& sa, Bytes& value, ByteView sk_p, const w::Header& header,
              const w::EncodedChain& inner) {
  auto next = next_int_auth(sa.prf, sk_p, value, int_auth_covered(header, inner));
  if (!next) return next.take_error();
  value = std::move(*next);
  return {};
}

// The same for a message we build: its inner payloads as build_packets encodes them.
Status extend_with(const IkeSa& sa, Bytes& value, ByteView sk_p, const w::Header& header,
                   const Payloads& payloads) {
  auto inner = w::encode_payload_chain(payloads);
  if (!inner) return inner.take_error();
  return extend(sa, value, sk_p, header, *inner);
}

// The worker's job for one additional key exchange: SKEYSEED(n) = prf(SK_d(n-1), SK(n) | Ni | Nr)
// is the IKE rekey formula of RFC 7296 2.18 with the IKE SA's own SPIs and nonces.
std::shared_ptr<DhJob> key_job(ExchangeContext& ctx, const IkeSa& sa, DhId group,
                               std::unique_ptr<crypto::DhKeyPair> dh, Bytes peer_public) {
  auto job = std::make_shared<DhJob>();
  job->group = group;
  job->dh = std::move(dh);
  job->peer_public = std::move(peer_public);
  job->inputs = IkeKeyInputs{sa.proposal,           sa.nonce_i, sa.nonce_r, sa.spi_i, sa.spi_r,
                             sa.original_initiator, sa.sk_d};
  job->inputs.key_log = ctx.key_log();  // replaces the SA's entry: the export ends final
  return job;
}

void adopt_keys(IkeSa& sa, IkeKeyResult& k) {
  sa.sk_d = std::move(k.sk_d);
  sa.sk_pi = std::move(k.sk_pi);
  sa.sk_pr = std::move(k.sk_pr);
  sa.crypter = std::move(k.crypter);
  sa.intermediate.pending.pop_front();
  ++sa.intermediate.done;
}

// A proposal's additional key exchange types that list no NONE: it cannot be done without them.
bool requires_additional_ke(const ike::Proposal& p) {
  for (int n = 1; n <= kMaxAdditionalKe; ++n) {
    auto of = p.of_type(additional_ke(n));
    if (!of.empty() &&
        std::none_of(of.begin(), of.end(), [](const ike::Transform& t) { return t.id == 0; })) {
      return true;
    }
  }
  return false;
}

std::string ke_mismatch(const w::KePayload* ke, DhId expected) {
  if (!ke) return fmt::format("no KE payload (expected {})", dh_name(expected));
  return fmt::format("KE payload of group {} (negotiated {})", dh_name(ke->group),
                     dh_name(expected));
}

}  // namespace

w::Payload intermediate_supported_notify() {
  return notify(w::NotifyType::kIntermediateExchangeSupported);
}

Status note_intermediate_exchanges(IkeSa& sa, const Payloads& init_response) {
  auto kes = ike::additional_kes(sa.proposal);
  if (kes.empty()) return {};
  if (!w::find_notify(init_response, w::NotifyType::kIntermediateExchangeSupported)) {
    return make_error(
        "responder chose additional key exchanges but did not announce "
        "INTERMEDIATE_EXCHANGE_SUPPORTED (RFC 9242)");
  }
  sa.intermediate.pending.assign(kes.begin(), kes.end());
  return {};
}

void queue_intermediate_exchanges(ExchangeContext& ctx, IkeSa& sa) {
  const auto& pending = sa.intermediate.pending;
  for (auto it = pending.rbegin(); it != pending.rend(); ++it) {
    sa.queue.push_front(std::make_unique<IkeIntermediateTask>(ctx, *it));
  }
}

std::vector<ike::Proposal> acceptable_without_intermediate(std::vector<ike::Proposal> theirs,
                                                           const Payloads& init_request) {
  if (w::find_notify(init_request, w::NotifyType::kIntermediateExchangeSupported)) return theirs;
  return without_additional_ke(std::move(theirs));
}

std::vector<ike::Proposal> without_additional_ke(std::vector<ike::Proposal> ps) {
  std::erase_if(ps, requires_additional_ke);
  for (auto& p : ps) {
    std::erase_if(p.transforms,
                  [](const ike::Transform& t) { return is_additional_ke(t.type) && t.id != 0; });
  }
  return ps;
}

void prepare_intermediate_auth(IkeSa& sa, std::uint32_t ike_auth_mid) {
  auto& im = sa.intermediate;
  im.auth_octets.clear();
  if (im.done == 0) return;
  im.auth_octets = auth_int_auth(im.int_auth_i, im.int_auth_r, ike_auth_mid);
}

// ----- initiator ---------------------------------------------------------------------------

Result<Payloads> IkeIntermediateTask::build_request(IkeSa& sa) {
  dh_ = dh_prep_.take();
  if (!dh_) return make_error(fmt::format("cannot generate a {} key pair", dh_name(group_)));
  auto pub = dh_->public_value();
  Payloads out;
  out.push_back(w::Payload{w::KePayload{group_, Bytes(pub.begin(), pub.end())}, false});
  auto header = intermediate_header(sa, false, sa.next_request_id);
  if (auto st = extend_with(sa, sa.intermediate.int_auth_i, sa.sk_pi, header, out); !st) {
    return st.take_error();
  }
  return out;
}

Step IkeIntermediateTask::process_response(IkeSa& sa, const Payloads& payloads, ByteView raw) {
  if (const auto* err = w::find_error_notify(payloads)) {
    return Step::failed(fmt::format("additional key exchange {} refused: peer answered {}",
                                    dh_name(group_), w::notify_name(err->type)));
  }
  const auto* ke = w::find<w::KePayload>(payloads);
  if (!ke || ke->group != group_) {
    return Step::failed("IKE_INTERMEDIATE response with " + ke_mismatch(ke, group_));
  }
  auto header = w::peek_header(raw);
  if (!header) return Step::failed("IKE_INTERMEDIATE response without a header");
  if (auto st = extend(sa, sa.intermediate.int_auth_r, sa.sk_pr, *header, sa.intermediate.received);
      !st) {
    return Step::failed("IntAuth: " + st.error().message);
  }
  auto job = key_job(ctx_, sa, group_, std::move(dh_), ke->data);
  return Step::deferred(
      [job] { job->run(); },
      [job, group = group_](IkeSa& s) -> Step {
        if (!job->result) {
          return Step::failed(fmt::format("additional key exchange {} failed: {}", dh_name(group),
                                          job->result.error().message));
        }
        adopt_keys(s, *job->result);
        sa_log(s, log::Level::kInfo, "additional key exchange {} done ({} of {}), keys updated",
               dh_name(group), s.intermediate.done,
               s.intermediate.done + s.intermediate.pending.size());
        return Step::done();
      });
}

// ----- responder ---------------------------------------------------------------------------

namespace {

Reply refuse(ExchangeContext& ctx, IkeSa& sa, std::uint32_t mid, const std::string& why) {
  sa_log(sa, log::Level::kWarn, "IKE_INTERMEDIATE request {}: {} - sending INVALID_SYNTAX", mid,
         why);
  ctx.diagnosis().failed_because(sa.name(), sa.id, ike::diagnosis::Phase::kIkeIntermediate, why,
                                 sa.remote, ctx.timers().now(), false);
  return Reply::error(w::NotifyType::kInvalidSyntax).ending_sa(why, true);
}

Reply answer(ExchangeContext& ctx, IkeSa& sa, std::uint32_t mid, std::shared_ptr<DhJob> job_ptr) {
  DhJob& job = *job_ptr;
  const DhId group = job.group;
  if (!job.result) {
    return refuse(ctx, sa, mid,
                  fmt::format("additional key exchange {} failed: {}", dh_name(group),
                              job.result.error().message));
  }
  auto pub = job.dh->public_value();
  Payloads out;
  out.push_back(w::Payload{w::KePayload{group, Bytes(pub.begin(), pub.end())}, false});
  // The response goes out under the keys the request came with; the new ones apply after it.
  if (auto st = extend_with(sa, sa.intermediate.int_auth_r, sa.sk_pr,
                            intermediate_header(sa, true, mid), out);
      !st) {
    return refuse(ctx, sa, mid, "IntAuth: " + st.error().message);
  }
  return Reply::send(std::move(out)).then_after_sent([job_ptr, group](IkeSa& s) {
    adopt_keys(s, *job_ptr->result);
    sa_log(s, log::Level::kInfo, "additional key exchange {} done ({} of {}), keys updated",
           dh_name(group), s.intermediate.done,
           s.intermediate.done + s.intermediate.pending.size());
  });
}

}  // namespace

Reply IkeIntermediateResponder::respond(IkeSa& sa, const Request& request) {
  const std::uint32_t mid = request.message_id();
  auto& pending = sa.intermediate.pending;
  if (pending.empty()) {
    return refuse(ctx_, sa, mid, "no additional key exchange was negotiated or is left to do");
  }
  const auto* ke = w::find<w::KePayload>(request.payloads);
  if (!ke || ke->group != pending.front()) {
    return refuse(ctx_, sa, mid, ke_mismatch(ke, pending.front()));
  }
  if (auto st = extend(sa, sa.intermediate.int_auth_i, sa.sk_pi, request.header,
                       sa.intermediate.received);
      !st) {
    return refuse(ctx_, sa, mid, "IntAuth: " + st.error().message);
  }
  auto job = key_job(ctx_, sa, pending.front(), nullptr, ke->data);
  return Reply::deferred([job] { job->run(); },
                         [this, job, mid](IkeSa& s) { return answer(ctx_, s, mid, job); });
}

}  // namespace oakley::ikev2
