#include "ike/key_log.hpp"

#include <algorithm>
#include <memory>

namespace oakley::ike {

void KeyLog::set_enabled(bool on) {
  {
    std::lock_guard lock(mutex_);
    if (enabled_ == on) return;
    enabled_ = on;
    if (!on) {
      ike_.clear();
      esp_.clear();
    }
  }
  changed();
}

bool KeyLog::enabled() const {
  std::lock_guard lock(mutex_);
  return enabled_;
}

void KeyLog::set_on_change(std::function<void()> fn) {
  auto f = fn ? std::make_shared<const std::function<void()>>(std::move(fn)) : nullptr;
  std::lock_guard lock(mutex_);
  on_change_ = std::move(f);
}

void KeyLog::changed() {
  std::shared_ptr<const std::function<void()>> f;
  {
    std::lock_guard lock(mutex_);
    f = on_change_;
  }
  if (f) (*f)();
}

template <class Map>
void KeyLog::evict_oldest_locked(Map& map) {
  while (map.size() >= limit_ && !map.empty()) {
    auto oldest = std::min_element(map.begin(), map.end(), [](const auto& a, const auto& b) {
      return a.second.first < b.second.first;
    });
    map.erase(oldest);
    ++evicted_;
  }
}

void KeyLog::add_ike(IkeSaKeys keys) {
  {
    std::lock_guard lock(mutex_);
    if (!enabled_) return;
    IkeKey key{keys.version, keys.spi_i, keys.spi_r};
    ike_.erase(key);
    evict_oldest_locked(ike_);
    ike_.emplace(key, std::make_pair(next_seq_++, std::move(keys)));
  }
  changed();
}

void KeyLog::remove_ike(int version, std::uint64_t spi_i, std::uint64_t spi_r) {
  {
    std::lock_guard lock(mutex_);
    if (!ike_.erase({version, spi_i, spi_r})) return;
  }
  changed();
}

void KeyLog::add_esp(EspSaKeys keys) {
  {
    std::lock_guard lock(mutex_);
    if (!enabled_) return;
    EspKey key{keys.dst, keys.spi};
    esp_.erase(key);
    evict_oldest_locked(esp_);
    esp_.emplace(key, std::make_pair(next_seq_++, std::move(keys)));
  }
  changed();
}

void KeyLog::remove_esp(const IpAddress& dst, std::uint32_t spi) {
  {
    std::lock_guard lock(mutex_);
    if (!esp_.erase({dst, spi})) return;
  }
  changed();
}

namespace {
template <class Map>
auto in_order(const Map& map) {
  std::vector<std::pair<std::uint64_t, typename Map::mapped_type::second_type>> v;
  for (const auto& [key, entry] : map)
    v.push_back(entry);
  std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<typename Map::mapped_type::second_type> out;
  for (auto& [seq, keys] : v)
    out.push_back(std::move(keys));
  return out;
}
}  // namespace

std::vector<IkeSaKeys> KeyLog::ike_sas() const {
  std::lock_guard lock(mutex_);
  return in_order(ike_);
}

std::vector<EspSaKeys> KeyLog::esp_sas() const {
  std::lock_guard lock(mutex_);
  return in_order(esp_);
}

std::uint64_t KeyLog::evicted() const {
  std::lock_guard lock(mutex_);
  return evicted_;
}

}  // namespace oakley::ike
