// The outbound policies in lookup order. Built by the control side, read by the packet path
// (inside a table snapshot, never modified after building).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "dataplane/esp/packet.hpp"
#include "dataplane/trap_queue.hpp"
#include "dataplane/types.hpp"

namespace oakley::dataplane {

struct PolicyEntry {
  PolicyConfig config;
  std::uint64_t priority = 0;        // effective: explicit, or automatic_priority()
  std::shared_ptr<TrapQueue> queue;  // packets waiting for the SA (trap policies)
};

// Lower wins. pass/drop before protect before trap, then narrower address ranges, a named
// protocol, narrower port ranges (as charon orders its policies). Always >= 2^32, so any explicit
// priority (1 .. 2^32 - 1) wins over every automatic one.
std::uint64_t automatic_priority(const PolicyConfig& policy);

class PolicyTable {
 public:
  PolicyTable() = default;
  explicit PolicyTable(std::vector<PolicyEntry> entries);

  // The first policy whose local selector matches the source and remote selector the
  // destination, or nullptr.
  const PolicyEntry* lookup(const esp::FlowKey& flow) const;
  const std::vector<PolicyEntry>& entries() const { return entries_; }

 private:
  std::vector<PolicyEntry> entries_;
};

}  // namespace oakley::dataplane
