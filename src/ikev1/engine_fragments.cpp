// Received FRAG payloads: whose they are (the ISAKMP SA their cookies name; without one only a
// responder's first message, when a connection that could answer the peer allows fragmentation),
// then the bounded reassembly of exchanges/fragments.hpp. Each refusal has its own counter.
#include <fmt/format.h>

#include "common/log.hpp"
#include "common/log_summary.hpp"
#include "ike/connection_match.hpp"
#include "ikev1/engine.hpp"

namespace oakley::ikev1 {

namespace w = wire::ikev1;
using ET = w::ExchangeType;
using Verdict = FragmentReassembler::Verdict;

namespace {

bool first_phase1_message(const w::Header& h) {
  return h.responder_cookie == 0 &&
         (h.exchange_type == ET::kIdentityProtection || h.exchange_type == ET::kAggressive);
}

// Anyone can send fragments at any rate: each drop at debug, a summary line per reason.
void note_drop(log::EventSummary& summary, std::uint64_t& counter, const Endpoint& remote,
               const std::string& why) {
  ++counter;
  log::debug("ike", "dropping IKEv1 fragment from {}: {}", remote.to_string(), why);
  summary.record_with([&] { return fmt::format("{}: {}", remote.to_string(), why); });
}

}  // namespace

bool Engine::fragments_allowed_from(const Endpoint& local, const Endpoint& remote) const {
  for (const auto* c : ike::connections_by_address(
           *config_, config::IkeVersion::kIkev1, local.address, remote.address, deps_.host_names)) {
    if (c->fragmentation != config::Fragmentation::kNo) return true;
  }
  return false;
}

std::optional<FragmentOwner> Engine::fragment_owner(const w::Header& h, const Endpoint& local,
                                                    const Endpoint& remote) {
  if (IsakmpSa* sa = lookup(h)) {
    if (!sa->connection || sa->connection->fragmentation != config::Fragmentation::kNo) {
      return FragmentOwner{sa->id, 0, {}};
    }
    static log::EventSummary refused(log::Level::kInfo, "ike",
                                     "IKEv1 fragments dropped: fragmentation = no");
    note_drop(refused, stats_.fragments_unnegotiated, remote,
              fmt::format("connection '{}' has fragmentation = no", sa->connection->name));
    return std::nullopt;
  }
  if (first_phase1_message(h)) {
    if (fragments_allowed_from(local, remote)) return FragmentOwner{0, h.initiator_cookie, remote};
    static log::EventSummary refused(
        log::Level::kInfo, "ike",
        "IKEv1 fragments dropped: no connection for the peer allows fragmentation");
    note_drop(refused, stats_.fragments_unnegotiated, remote,
              "no connection for this peer allows fragmentation");
    return std::nullopt;
  }
  static log::EventSummary unknown(log::Level::kInfo, "ike",
                                   "IKEv1 fragments dropped: no ISAKMP SA has their cookies");
  note_drop(
      unknown, stats_.fragments_unknown_sa, remote,
      fmt::format("no ISAKMP SA for {:016x}_i {:016x}_r", h.initiator_cookie, h.responder_cookie));
  return std::nullopt;
}

bool Engine::on_fragment(const w::Message& msg, const Endpoint& local, const Endpoint& remote) {
  if (msg.header.encrypted() || msg.payloads.size() != 1) return false;
  const auto* piece = msg.payloads.front().get<w::FragmentPayload>();
  if (!piece) return false;
  ++stats_.fragments_received;
  TimePoint now = deps_.timers.now();
  stats_.reassemblies_expired += fragments_.expire(now);
  const auto& h = msg.header;
  auto owner = fragment_owner(h, local, remote);
  if (!owner) return true;
  auto added = fragments_.add(*owner, *piece, now);
  switch (added.verdict) {
    case Verdict::kKept:
    case Verdict::kDuplicate:
      return true;
    case Verdict::kOverLimit: {
      static log::EventSummary over(log::Level::kInfo, "ike",
                                    "IKEv1 fragments dropped: reassembly limits");
      note_drop(over, stats_.fragments_over_limit, remote, added.why);
      return true;
    }
    case Verdict::kInconsistent: {
      static log::EventSummary bad(log::Level::kInfo, "ike",
                                   "IKEv1 fragments dropped: inconsistent numbering");
      note_drop(bad, stats_.fragments_inconsistent, remote, added.why);
      return true;
    }
    case Verdict::kComplete:
      break;
  }
  // The whole message must be one of the SA (or first message) its pieces were kept for.
  auto inner = w::peek_header(*added.whole);
  if (!inner || inner->next_payload == w::PayloadType::kFragment ||
      inner->initiator_cookie != h.initiator_cookie ||
      inner->responder_cookie != h.responder_cookie) {
    static log::EventSummary invalid(
        log::Level::kInfo, "ike",
        "reassembled IKEv1 fragments dropped: not an ISAKMP message of their cookies");
    note_drop(invalid, stats_.fragments_inconsistent, remote,
              "the reassembled message is not an ISAKMP message with the fragments' cookies");
    return true;
  }
  ++stats_.messages_reassembled;
  on_packet(*added.whole, local, remote);
  return true;
}

}  // namespace oakley::ikev1
