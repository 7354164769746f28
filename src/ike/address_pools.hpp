// Virtual IP leases from the pools section, for peers that ask with a configuration payload
// (IKEv2 CP, IKEv1 Mode Config). As strongSwan's in-memory pools: an identity gets the address it
// had before while no one else holds it; an address is shared by the SAs of one identity (a
// reauthentication overlaps the old SA) and freed when the last of them releases it.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "common/ip_address.hpp"
#include "common/result.hpp"
#include "config/pools.hpp"

namespace oakley::ike {

class AddressPools {
 public:
  // An address of `pool` for `identity`; the error says the pool is exhausted.
  Result<IpAddress> acquire(const config::Pool& pool, const std::string& identity);
  void release(const std::string& pool_name, const IpAddress& address);
  std::size_t online(const std::string& pool_name) const;

 private:
  struct Lease {
    std::string identity;
    int refs = 0;
  };
  struct State {
    IpAddress first, last;
    IpAddress next;                                // where the search for a free address starts
    std::map<IpAddress, Lease> leases;             // online and offline (refs 0) leases
    std::map<std::string, IpAddress> by_identity;  // an identity's last address
  };
  State& state_for(const config::Pool& pool);
  std::map<std::string, State> pools_;
};

}  // namespace oakley::ike
