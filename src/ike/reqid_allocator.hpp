// reqids tie a CHILD_SA's SAs to its policies in the data plane. One allocator serves both IKE
// engines, so IKEv1 and IKEv2 children never share one, and an ACQUIRE's reqid leads back to its
// connection and child.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
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

  // For a connection with many peers (remote_addrs %any or a range) every peer's CHILD_SA has its
  // own selectors, and its policies must lead to its own SAs, not to the newest peer's: one reqid
  // per (connection, child, negotiated selectors), as charon does. Entries are kept for the life
  // of the process, so a returning peer gets its reqid again.
  std::uint32_t reqid_for_selectors(const std::string& connection, const std::string& child,
                                    const std::string& selectors) {
    auto key = std::make_tuple(connection, child, selectors);
    auto it = by_selectors_.find(key);
    if (it != by_selectors_.end()) return it->second;
    std::uint32_t id = ++last_;
    by_selectors_.emplace(std::move(key), id);
    by_id_.emplace(id, std::make_pair(connection, child));
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
  std::map<std::tuple<std::string, std::string, std::string>, std::uint32_t> by_selectors_;
  std::map<std::uint32_t, std::pair<std::string, std::string>> by_id_;
};

}  // namespace oakley::ike
