#include "config/suggest.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "config/values.hpp"

namespace oakley::config {

namespace {

constexpr std::size_t kMaxWordLength = 64;  // longer words are not typos of our keywords

// "childs" for "children": all but the last letter right, then the word went astray.
std::optional<std::string> longer_with_same_start(std::string_view word,
                                                  const std::vector<std::string>& candidates) {
  if (word.size() < 5) return std::nullopt;
  auto stem = word.substr(0, word.size() - 1);
  for (const auto& c : candidates) {
    if (c.size() > word.size() && c.compare(0, stem.size(), stem) == 0) return c;
  }
  return std::nullopt;
}

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Three rolling rows: the one before the previous is needed for transpositions.
  std::vector<std::size_t> before(b.size() + 1), prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j)
    prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        cur[j] = std::min(cur[j], before[j - 2] + 1);
      }
    }
    std::swap(before, prev);
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string>& candidates) {
  if (word.empty() || word.size() > kMaxWordLength) return std::nullopt;
  std::size_t limit = word.size() <= 4 ? 1 : 2;
  std::optional<std::string> best;
  std::size_t best_distance = limit + 1;
  for (const auto& c : candidates) {
    if (iequals(c, word)) return c;
    std::size_t gap = c.size() > word.size() ? c.size() - word.size() : word.size() - c.size();
    if (c.size() > kMaxWordLength || gap > limit) continue;
    std::size_t d = edit_distance(word, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best ? best : longer_with_same_start(word, candidates);
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  auto m = closest_match(word, candidates);
  return m ? fmt::format(" (did you mean '{}'?)", *m) : std::string{};
}

}  // namespace oakley::config
