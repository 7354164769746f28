#include "ike/address_match.hpp"

#include <algorithm>

namespace oakley::ike {

int address_score(const std::vector<config::AddressSpec>& specs, const IpAddress& address,
                  const HostNames* names) {
  if (specs.empty()) return 1;  // default %any
  int best = 0;
  for (const auto& s : specs) {
    if (s.kind == config::AddressSpec::Kind::kAny) {
      if (!s.family || *s.family == address.family()) best = std::max(best, 1);
    } else if (s.is_name()) {
      if (names && names->contains(s.name, address)) best = std::max(best, 3);
    } else if (s.contains(address)) {
      best = std::max(best, s.is_host() ? 3 : 2);
    }
  }
  return best;
}

}  // namespace oakley::ike
