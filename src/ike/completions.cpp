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

std::vector<Completions::Completion> split(Completions::Completion done, std::size_t parts) {
  std::vector<Completions::Completion> out;
  if (parts == 0) {
    if (done) done(Status{});
    return out;
  }
  struct Join {
    std::size_t remaining;
    Completions::Completion done;
  };
  auto join = std::make_shared<Join>(Join{parts, std::move(done)});
  for (std::size_t i = 0; i < parts; ++i) {
    out.emplace_back([join](const Status& st) {
      if (!join->done) return;
      if (!st || --join->remaining == 0) std::exchange(join->done, nullptr)(st);
    });
  }
  return out;
}

}  // namespace oakley::ike
