// Whether IKE messages get through: no answer at all (peer down, UDP 500/4500 blocked), answers
// on one port but not the other (UDP 4500 blocked after NAT-T), a large message unanswered after
// smaller ones were (IP fragments dropped), DPD's verdict and the responder's half-open timeout.
#include <fmt/format.h>

#include "ike/diagnosis/rules.hpp"
#include "ike/diagnosis/rules_text.hpp"

namespace oakley::ike::diagnosis {

using detail::ago;

namespace {

constexpr std::string_view kCheckPath =
    "tcpdump -ni any 'udp port 500 or udp port 4500' on both hosts shows where the packets stop";

const PortActivity* port_of(const Evidence& ev, std::uint32_t sa_id, std::uint16_t port) {
  if (ev.ports_sa != sa_id) return nullptr;
  auto it = ev.ports.find(port);
  return it == ev.ports.end() ? nullptr : &it->second;
}

// A port of this SA, other than `port`, on which the peer answered.
std::optional<std::pair<std::uint16_t, PortActivity>> answering_port(const Evidence& ev,
                                                                     const SentRequest& req) {
  if (ev.ports_sa != req.sa_id) return std::nullopt;
  for (const auto& [port, activity] : ev.ports) {
    if (port != req.to.port && activity.received > 0) return std::make_pair(port, activity);
  }
  return std::nullopt;
}

std::string request_line(const Inputs& in, const SentRequest& req, bool gave_up) {
  return fmt::format("sent {} (message {}, {} bytes{}) to {} {} time(s), first {}, last {}: {}",
                     req.exchange, req.message_id, req.bytes,
                     req.packets > 1 ? fmt::format(" in {} fragments", req.packets) : "",
                     req.to.to_string(), req.sends, ago(in.now, req.first_sent),
                     ago(in.now, req.last_sent), gave_up ? "no answer, given up" : "no answer yet");
}

void add_port_lines(const Inputs& in, const Evidence& ev, std::uint32_t sa_id,
                    std::vector<std::string>& lines) {
  if (ev.ports_sa != sa_id) return;
  for (const auto& [port, a] : ev.ports) {
    lines.push_back(fmt::format("UDP {}: {} message(s) sent, {} received{}", port, a.sent,
                                a.received,
                                a.received ? ", the last " + ago(in.now, a.last_received) : ""));
  }
}

void add_last_received(const Inputs& in, const Evidence& ev, std::vector<std::string>& lines) {
  if (!ev.received) {
    lines.push_back("nothing received from the peer so far");
    return;
  }
  lines.push_back(fmt::format("last message from the peer: {} {} from {}, {}",
                              ev.received->exchange, ev.received->response ? "response" : "request",
                              ev.received->from.to_string(), ago(in.now, ev.received->at)));
}

// Why IKE left UDP 500: forced encapsulation or a detected NAT.
std::string float_reason(const Inputs& in, const SentRequest& req) {
  if (in.connection && in.connection->encap) {
    return "IKE moved to UDP 4500 because encap = yes forces UDP encapsulation (NAT-T)";
  }
  if (const auto* sa = detail::find_sa(in, req.sa_id); sa && (sa->nat_local || sa->nat_remote)) {
    return fmt::format("IKE moved to UDP {} after NAT detection ({} behind a NAT)", req.to.port,
                       sa->nat_local ? "we are" : "the peer is");
  }
  return fmt::format("IKE moved to UDP {} (NAT-T)", req.to.port);
}

Finding no_answer_anywhere(const SentRequest& req, bool gave_up) {
  Finding f;
  f.severity = gave_up ? Severity::kError : Severity::kWarning;
  f.code = "no-answer";
  f.text = fmt::format(
      "no answer from {} on UDP {} after {} transmission(s) of {}: the peer is down, or UDP "
      "500/4500 is blocked on the path",
      req.to.address.to_string(), req.to.port, req.sends, req.exchange);
  f.fix = fmt::format(
      "check that the peer runs and has a connection for this host; check that firewalls and "
      "the ISP pass UDP 500 and UDP 4500 both ways ({})",
      kCheckPath);
  return f;
}

Finding port_blocked(const Inputs& in, const SentRequest& req, std::uint16_t good,
                     const PortActivity& answered, bool gave_up) {
  Finding f;
  f.severity = gave_up ? Severity::kError : Severity::kWarning;
  f.code = fmt::format("udp{}-blocked", req.to.port);
  f.text = fmt::format(
      "the peer answers on UDP {} but not on UDP {}: UDP {} is blocked on the path (or the peer "
      "does not listen on it)",
      good, req.to.port, req.to.port);
  f.evidence.push_back(fmt::format("the peer answered on UDP {} ({} message(s), the last {})", good,
                                   answered.received, ago(in.now, answered.last_received)));
  f.evidence.push_back(float_reason(in, req));
  bool forced = in.connection && in.connection->encap;
  f.fix = fmt::format(
      "let UDP {} pass both ways on the firewalls, NAT devices and ISP between the hosts{}",
      req.to.port,
      forced ? "; without a NAT on the path, encap = no keeps IKE on UDP 500 (ESP then needs IP "
               "protocol 50 to pass)"
             : "");
  return f;
}

Finding large_message_lost(const Inputs& in, const SentRequest& req, bool gave_up) {
  Finding f;
  f.severity = gave_up ? Severity::kError : Severity::kWarning;
  f.code = "ike-fragments-lost";
  f.text = fmt::format(
      "the peer answered smaller messages on UDP {} but not our {}-byte {}: IP fragments are "
      "probably dropped on the path (MTU)",
      req.to.port, req.bytes, req.exchange);
  bool off = in.connection && in.connection->fragmentation == config::Fragmentation::kNo;
  f.fix = off ? "set fragmentation = yes on both sides (IKE fragmentation, RFC 7383 / IKEv1 "
                "fragments), or send fewer certificates"
              : "the peer did not agree to IKE fragmentation: enable it there (strongSwan "
                "fragmentation = yes, Cisco `crypto ikev2 fragmentation`), or send fewer "
                "certificates; check the path MTU";
  return f;
}

Finding stopped_answering(const Inputs& in, const SentRequest& req, const PortActivity& port,
                          bool gave_up) {
  Finding f;
  f.severity = gave_up ? Severity::kError : Severity::kWarning;
  f.code = "peer-stopped-answering";
  f.text = fmt::format(
      "the peer answered earlier messages on UDP {} (the last {}) but not {}: it went away or "
      "drops this message",
      req.to.port, ago(in.now, port.last_received), req.exchange);
  f.fix = "look at the peer's log for this exchange; check that it still runs";
  return f;
}

void no_answer(const Inputs& in, const Evidence& ev, std::vector<Finding>& out) {
  const SentRequest& req = *ev.request;
  if (req.answered) return;
  const Failure* failure = ev.failure && ev.failure->sa_id == req.sa_id ? &*ev.failure : nullptr;
  if (failure && failure->cause == Cause::kPeerDead) return;  // peer_dead() tells it
  bool gave_up = failure && failure->cause == Cause::kNoAnswer;
  const IkeSaInfo* sa = detail::find_sa(in, req.sa_id);
  // Still waiting: a single send is no evidence yet; an SA gone for another reason neither.
  if (!gave_up && (!sa || req.sends < 2)) return;
  const PortActivity* here = port_of(ev, req.sa_id, req.to.port);
  auto other = answering_port(ev, req);
  Finding f;
  if (here && here->received > 0) {
    f = req.packets == 1 && req.bytes > in.fragment_hint
            ? large_message_lost(in, req, gave_up)
            : stopped_answering(in, req, *here, gave_up);
  } else if (other) {
    f = port_blocked(in, req, other->first, other->second, gave_up);
  } else {
    f = no_answer_anywhere(req, gave_up);
  }
  f.evidence.insert(f.evidence.begin(), request_line(in, req, gave_up));
  add_port_lines(in, ev, req.sa_id, f.evidence);
  add_last_received(in, ev, f.evidence);
  out.push_back(std::move(f));
}

Finding peer_dead(const Inputs& in, const Evidence& ev, const Failure& failure) {
  Finding f;
  f.severity = Severity::kError;
  f.code = "peer-dead";
  f.text = fmt::format(
      "dead peer detection declared the peer {} dead {}",
      failure.peer.address.is_unspecified() ? detail::peer_name(in) : failure.peer.to_string(),
      ago(in.now, failure.at));
  if (!failure.detail.empty()) f.evidence.push_back(failure.detail);
  if (failure.last_heard) {
    f.evidence.push_back(
        fmt::format("the last message from the peer came {}", ago(in.now, *failure.last_heard)));
  }
  if (ev.request && ev.request->sa_id == failure.sa_id && !ev.request->answered) {
    f.evidence.push_back(request_line(in, *ev.request, true));
  }
  f.fix =
      "check that the peer is up and reachable (UDP 500/4500, and ESP or UDP 4500 for the "
      "traffic); dpd_action = restart brings the tunnel back by itself when the peer returns, "
      "trap when traffic needs it";
  return f;
}

Finding half_open(const Inputs& in, const Evidence& ev, const Failure& failure) {
  Finding f;
  f.severity = Severity::kWarning;
  f.code = "peer-did-not-continue";
  // What the peer started is the last message it sent (the failure's phase is the message
  // that never came).
  bool known = ev.received && ev.received->sa_id == failure.sa_id;
  f.text = fmt::format(
      "{} started {} but never continued: our answer does not reach it, or its next message "
      "(on UDP 4500 once NAT-T applies) is blocked",
      failure.peer.address.is_unspecified() ? "the peer" : failure.peer.address.to_string(),
      known ? ev.received->exchange : std::string(phase_name(failure.phase)));
  if (ev.received) {
    f.evidence.push_back(fmt::format("the peer's last message: {} from {}, {}",
                                     ev.received->exchange, ev.received->from.to_string(),
                                     ago(in.now, ev.received->at)));
  }
  if (!failure.detail.empty()) f.evidence.push_back(failure.detail);
  f.fix = fmt::format(
      "check that UDP 500 and UDP 4500 pass both ways ({}); the initiator's `oakctl diagnose` "
      "names the message it waits for",
      kCheckPath);
  return f;
}

}  // namespace

void path_findings(const Inputs& in, std::vector<Finding>& out) {
  if (!in.evidence) return;
  const Evidence& ev = *in.evidence;
  if (ev.failure && ev.failure->cause == Cause::kPeerDead)
    out.push_back(peer_dead(in, ev, *ev.failure));
  // An initiator's own half-open SA is the no-answer case below.
  if (ev.failure && ev.failure->cause == Cause::kHalfOpen && !ev.failure->we_initiated)
    out.push_back(half_open(in, ev, *ev.failure));
  if (ev.request) no_answer(in, ev, out);
}

}  // namespace oakley::ike::diagnosis
