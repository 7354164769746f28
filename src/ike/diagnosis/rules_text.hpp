// Small helpers the rule files share: durations in words, the SA a record is about.
#pragma once

#include <string>

#include "ike/diagnosis/rules.hpp"

namespace oakley::ike::diagnosis::detail {

std::int64_t seconds(Duration d);
// "4 s", "3 min 20 s", "2 h 5 min".
std::string duration_text(std::int64_t seconds);
// "12 s ago" (from `then` to `now`).
std::string ago(TimePoint now, TimePoint then);
const IkeSaInfo* find_sa(const Inputs& in, std::uint32_t id);
bool established(const IkeSaInfo& sa);
// "we sent" / "the peer sent": whose side of an exchange.
std::string peer_name(const Inputs& in);

}  // namespace oakley::ike::diagnosis::detail
