// A Quick Mode lifetime one side lowered with RESPONDER-LIFETIME (RFC 2407 4.6.3.1). Nothing
// fails, but the SA pair rekeys (or expires) on the shorter schedule, which is seldom what
// either side's operator configured: a finding, so both sides can be aligned.
#include <fmt/format.h>

#include "ike/diagnosis/rules.hpp"
#include "ike/diagnosis/rules_text.hpp"

namespace oakley::ike::diagnosis {

namespace {

std::string lifetime(std::uint64_t seconds, std::uint64_t kilobytes) {
  std::string out = seconds ? fmt::format("{}s", seconds) : "no time limit";
  if (kilobytes) out += fmt::format(", {}kB", kilobytes);
  return out;
}

}  // namespace

Finding lifetime_lowered(const LoweredLifetime& l) {
  Finding f;
  f.severity = Severity::kWarning;
  f.code = "lifetime-lowered";
  std::string now = lifetime(l.seconds, l.kilobytes);
  std::string proposed = lifetime(l.proposed_seconds, l.proposed_kilobytes);
  f.text = l.by_peer ? fmt::format(
                           "CHILD_SA {} #{} lives {}, not the {} we proposed: the peer lowered it "
                           "with RESPONDER-LIFETIME",
                           l.child, l.child_id, now, proposed)
                     : fmt::format(
                           "CHILD_SA {} #{} lives {}, not the {} the peer proposed: we lowered it "
                           "with RESPONDER-LIFETIME",
                           l.child, l.child_id, now, proposed);
  f.evidence.push_back(
      fmt::format("configured here: life_time {}s, rekey_time {}s", l.life_time, l.rekey_time));
  f.evidence.push_back(fmt::format("proposed by {}: {}", l.by_peer ? "us" : "the peer", proposed));
  f.evidence.push_back(fmt::format("lowered by {} to {}, {} ago", l.by_peer ? "the peer" : "us",
                                   now, detail::duration_text(l.seconds_ago)));
  f.fix = l.by_peer
              ? fmt::format(
                    "align life_time/rekey_time with the peer: set life_time here to {}s or less "
                    "(rekey_time below it), or raise the peer's IPsec SA lifetime (Cisco `set "
                    "security-association lifetime seconds`, strongSwan life_time)",
                    l.seconds)
              : fmt::format(
                    "align life_time/rekey_time with the peer: lower the peer's IPsec SA lifetime "
                    "to {}s or less (Cisco `set security-association lifetime seconds`, "
                    "strongSwan life_time), or raise life_time here",
                    l.seconds);
  return f;
}

}  // namespace oakley::ike::diagnosis
