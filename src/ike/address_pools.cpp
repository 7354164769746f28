#include "ike/address_pools.hpp"

#include <fmt/format.h>

namespace oakley::ike {

namespace {

IpAddress successor(const IpAddress& a) {
  auto raw = a.bytes();
  Bytes b(raw.begin(), raw.end());
  for (auto it = b.rbegin(); it != b.rend(); ++it) {
    if (++*it != 0) break;
  }
  return *IpAddress::from_bytes(b);
}

}  // namespace

AddressPools::State& AddressPools::state_for(const config::Pool& pool) {
  auto it = pools_.find(pool.name);
  // A reload may change the range: leases outside it stay until released, new ones come from it.
  if (it == pools_.end()) {
    it = pools_.emplace(pool.name, State{pool.first, pool.last, pool.first, {}, {}}).first;
  } else if (it->second.first != pool.first || it->second.last != pool.last) {
    it->second.first = it->second.next = pool.first;
    it->second.last = pool.last;
  }
  return it->second;
}

Result<IpAddress> AddressPools::acquire(const config::Pool& pool, const std::string& identity) {
  State& s = state_for(pool);
  auto in_range = [&](const IpAddress& a) { return pool.contains(a); };
  if (auto known = s.by_identity.find(identity); known != s.by_identity.end()) {
    auto lease = s.leases.find(known->second);
    if (lease != s.leases.end() && lease->second.identity == identity && in_range(known->second)) {
      ++lease->second.refs;
      return known->second;
    }
  }
  // First never-used or offline address from `next`, wrapping once around the range.
  std::optional<IpAddress> offline;
  IpAddress a = in_range(s.next) ? s.next : s.first;
  for (std::uint64_t n = 0, size = pool.size(); n < size; ++n) {
    auto lease = s.leases.find(a);
    if (lease == s.leases.end()) {
      s.leases[a] = Lease{identity, 1};
      s.by_identity[identity] = a;
      s.next = a == s.last ? s.first : successor(a);
      return a;
    }
    if (lease->second.refs == 0 && !offline) offline = a;
    a = a == s.last ? s.first : successor(a);
  }
  if (offline) {  // reuse the oldest-found offline lease of another identity
    auto& lease = s.leases[*offline];
    s.by_identity.erase(lease.identity);
    lease = Lease{identity, 1};
    s.by_identity[identity] = *offline;
    return *offline;
  }
  return make_error(fmt::format("pool '{}' ({}) has no free address: all {} are online", pool.name,
                                pool.addrs, pool.size()));
}

void AddressPools::release(const std::string& pool_name, const IpAddress& address) {
  auto it = pools_.find(pool_name);
  if (it == pools_.end()) return;
  auto lease = it->second.leases.find(address);
  if (lease != it->second.leases.end() && lease->second.refs > 0) --lease->second.refs;
}

std::size_t AddressPools::online(const std::string& pool_name) const {
  auto it = pools_.find(pool_name);
  if (it == pools_.end()) return 0;
  std::size_t n = 0;
  for (const auto& [a, lease] : it->second.leases)
    n += lease.refs > 0;
  return n;
}

}  // namespace oakley::ike
