#include "ike/sa_registry.hpp"

#include <fmt/format.h>

namespace oakley::ike {

std::string IdentityIndex::key(std::string_view connection, const WireId& local,
                               const WireId& remote) {
  std::string key;
  auto part = [&key](std::uint8_t type, ByteView data) {
    key.push_back(static_cast<char>(type));
    key += fmt::format("{}:", data.size());
    key.append(data.begin(), data.end());
  };
  part(0, ByteView(reinterpret_cast<const std::uint8_t*>(connection.data()), connection.size()));
  part(local.type, local.data);
  part(remote.type, remote.data);
  return key;
}

void IdentityIndex::add(std::uint32_t id, std::string key) {
  auto it = key_of_.find(id);
  if (it != key_of_.end()) {
    if (it->second == key) return;
    remove(id);
  }
  by_key_[key].insert(id);
  key_of_.emplace(id, std::move(key));
}

void IdentityIndex::remove(std::uint32_t id) {
  auto it = key_of_.find(id);
  if (it == key_of_.end()) return;
  auto ids = by_key_.find(it->second);
  if (ids != by_key_.end()) {
    ids->second.erase(id);
    if (ids->second.empty()) by_key_.erase(ids);
  }
  key_of_.erase(it);
}

std::vector<std::uint32_t> IdentityIndex::ids(const std::string& key) const {
  auto it = by_key_.find(key);
  if (it == by_key_.end()) return {};
  return {it->second.begin(), it->second.end()};
}

}  // namespace oakley::ike
