#include "ike/diagnosis/rules.hpp"

#include <fmt/format.h>

#include "ike/diagnosis/rules_text.hpp"

namespace oakley::ike::diagnosis {

namespace detail {

std::int64_t seconds(Duration d) {
  return std::chrono::duration_cast<std::chrono::seconds>(d).count();
}

std::string duration_text(std::int64_t s) {
  if (s < 0) s = 0;
  if (s < 60) return fmt::format("{} s", s);
  if (s < 3600) {
    return s % 60 ? fmt::format("{} min {} s", s / 60, s % 60) : fmt::format("{} min", s / 60);
  }
  auto minutes = (s % 3600) / 60;
  return minutes ? fmt::format("{} h {} min", s / 3600, minutes) : fmt::format("{} h", s / 3600);
}

std::string ago(TimePoint now, TimePoint then) {
  return duration_text(seconds(now - then)) + " ago";
}

const IkeSaInfo* find_sa(const Inputs& in, std::uint32_t id) {
  for (const auto& sa : in.sas) {
    if (sa.id == id) return &sa;
  }
  return nullptr;
}

bool established(const IkeSaInfo& sa) {
  return sa.state == "ESTABLISHED" || sa.state == "REKEYING";
}

std::string peer_name(const Inputs& in) {
  if (in.evidence && in.evidence->request) return in.evidence->request->to.address.to_string();
  if (in.evidence && in.evidence->failure && !in.evidence->failure->peer.address.is_unspecified())
    return in.evidence->failure->peer.address.to_string();
  return "the peer";
}

}  // namespace detail

std::vector<Finding> evaluate(const Inputs& in) {
  std::vector<Finding> out;
  path_findings(in, out);
  negotiation_findings(in, out);
  traffic_findings(in, out);
  return out;
}

std::string waiting_summary(const IkeSaInfo& sa, const Evidence* evidence, TimePoint now) {
  using detail::ago;
  if (detail::established(sa)) return {};
  const SentRequest* req = evidence && evidence->request && evidence->request->sa_id == sa.id
                               ? &*evidence->request
                               : nullptr;
  if (req && !req->answered) {
    std::string line = fmt::format(
        "waiting for the answer to {} (message {}) from {}: sent {} time(s), first {}",
        req->exchange, req->message_id, req->to.to_string(), req->sends, ago(now, req->first_sent));
    if (evidence->ports_sa == sa.id) {
      for (const auto& [port, activity] : evidence->ports) {
        if (port != req->to.port && activity.received > 0) {
          line += fmt::format("; UDP {} answered {}", port, ago(now, activity.last_received));
        }
      }
    }
    return line;
  }
  if (evidence && evidence->received && evidence->received->sa_id == sa.id) {
    return fmt::format("waiting for the peer's next message (its {} arrived {})",
                       evidence->received->exchange, ago(now, evidence->received->at));
  }
  return fmt::format("negotiating ({})", sa.state);
}

}  // namespace oakley::ike::diagnosis
