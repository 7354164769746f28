#include "ike/completions.hpp"

#include <utility>

namespace oakley::ike {

void Completions::add(std::uint32_t id, Completion done) {
  if (done) waiting_.emplace(id, std::move(done));
}

std::vector<Completions::Completion> Completions::take(std::uint32_t id) {
  auto [first, last] = waiting_.equal_range(id);
  std::vector<Completion> out;
  for (auto it = first; it != last; ++it)
    out.push_back(std::move(it->second));
  waiting_.erase(first, last);
  return out;
}

void Completions::complete(std::uint32_t id, const Status& status) {
  for (auto& done : take(id))
    done(status);
}

}  // namespace oakley::ike
