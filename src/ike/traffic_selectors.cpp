#include "ike/traffic_selectors.hpp"

#include <algorithm>

namespace oakley::ike {

Selectors narrow(const Selectors& proposed, const Selectors& configured) {
  Selectors out;
  for (const auto& mine : configured) {
    for (const auto& theirs : proposed) {
      auto common = mine.intersect(theirs);
      if (!common) continue;
      bool covered = std::any_of(out.begin(), out.end(),
                                 [&](const TrafficSelector& t) { return t.contains(*common); });
      if (!covered) out.push_back(*common);
    }
  }
  return out;
}

bool is_narrowing_of(const Selectors& returned, const Selectors& proposed) {
  if (returned.empty()) return false;
  return std::all_of(returned.begin(), returned.end(), [&](const TrafficSelector& r) {
    return std::any_of(proposed.begin(), proposed.end(),
                       [&](const TrafficSelector& p) { return p.contains(r); });
  });
}

std::string describe(const Selectors& s) {
  std::string out;
  for (const auto& ts : s) {
    if (!out.empty()) out += ' ';
    out += ts.to_string();
  }
  return out.empty() ? "(none)" : out;
}

}  // namespace oakley::ike
