// reqids tie a CHILD_SA's SAs to its policies in the data plane. One allocator serves both IKE
// engines, so IKEv1 and IKEv2 children never share one, and an ACQUIRE's reqid leads back to its
// connection and child.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>

namespace oakley::ike {

class ReqidAllocator {
 public:
  // The same (connection, child) always gets the same reqid; `fixed` (a configured reqid) wins.
  std::uint32_t reqid_for(const std::string& connection, const std::string& child,
                          std::uint32_t fixed = 0) {
    if (fixed) return fixed;
    auto key = std::make_pair(connection, child);
    auto it = by_name_.find(key);
    if (it != by_name_.end()) return it->second;
    std::uint32_t id = ++last_;
    by_name_.emplace(key, id);
    by_id_.emplace(id, key);
    return id;
  }

  std::optional<std::pair<std::string, std::string>> lookup(std::uint32_t reqid) const {
    auto it = by_id_.find(reqid);
    if (it == by_id_.end()) return std::nullopt;
    return it->second;
  }

 private:
  std::uint32_t last_ = 0;
  std::map<std::pair<std::string, std::string>, std::uint32_t> by_name_;
  std::map<std::uint32_t, std::pair<std::string, std::string>> by_id_;
};

}  // namespace oakley::ike
