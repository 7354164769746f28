// The environment of an updown script, as strongSwan's charon (updown plugin, 5.9) sets it, so
// scripts written for charon run unchanged: one invocation per local x remote selector pair of a
// CHILD_SA coming up or going down. Pure: no I/O here (tested alone).
#pragma once

#include <string>
#include <vector>

#include "ike/sa_events.hpp"

namespace oakley::daemon {

struct UpdownCall {
  std::vector<std::string> env;  // "NAME=value"
  std::string verb;              // PLUTO_VERB's value, for the log
};

// `interface`: the local interface of the SA's address ("unknown" when none). Empty for events
// that run no script (not child_up/child_down, or no selectors).
std::vector<UpdownCall> updown_calls(const ike::SaEvent& event, const std::string& interface,
                                     const std::string& path);

// The smallest subnet holding the selector's range, "10.1.0.0/24" (charon's PLUTO_MY_CLIENT).
std::string updown_subnet(const TrafficSelector& ts);

}  // namespace oakley::daemon
