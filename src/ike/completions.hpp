// The operator's completions (initiate, terminate, rekey) waiting on an SA, by its id: each runs
// once, with the outcome, when the engine finishes what it waits for or the SA goes away.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <vector>

#include "common/result.hpp"

namespace oakley::ike {

class Completions {
 public:
  using Completion = std::function<void(const Status&)>;

  // An empty `done` waits for nothing and is not kept.
  void add(std::uint32_t id, Completion done);
  // Removes and returns the completions waiting on `id`, in the order they were added.
  std::vector<Completion> take(std::uint32_t id);
  // Runs (once) every completion waiting on `id` with `status`. They are taken out first, so a
  // completion may add new ones for the same id without running them now.
  void complete(std::uint32_t id, const Status& status);
  std::size_t size() const { return waiting_.size(); }

 private:
  std::multimap<std::uint32_t, Completion> waiting_;
};

// One operation in `parts` pieces (an initiate that brings up several CHILD_SAs): returns one
// completion per piece. `done` runs once: at the first piece that fails, or when every piece has
// succeeded. With no pieces it runs at once.
std::vector<Completions::Completion> split(Completions::Completion done, std::size_t parts);

}  // namespace oakley::ike
