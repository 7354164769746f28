// KeyLog: the keys of the SAs that exist now, for Wireshark (`oakctl export-keys`, or the
// export_keys_dir the daemon keeps current). Off unless the configuration turns it on: then the
// engines and the CHILD_SA installer report every IKE SA's and IPsec SA's keys when they are
// derived or installed, and take them back when the SA goes. The table is bounded (the oldest
// entry goes first: an IKE SA a peer abandons after IKE_SA_INIT also had keys derived) and every
// key is in SecretBytes, wiped when dropped; turning the log off wipes all of it.
//
// Thread-safe: IKEv2 keys are reported from the crypto workers, the rest from the loop.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <tuple>
#include <vector>

#include "common/algorithm_ids.hpp"
#include "common/ip_address.hpp"
#include "common/secret.hpp"

namespace oakley::ike {

// The keys protecting IKE messages of one IKE SA. IKEv2: SK_ei/SK_er (with the salt for AEAD),
// SK_ai/SK_ar. IKEv1: the cookies as SPIs and the Phase 1 encryption key in encr_i.
struct IkeSaKeys {
  int version = 2;
  std::uint64_t spi_i = 0, spi_r = 0;
  EncrId encr{};
  unsigned encr_key_bits = 0;
  IntegId integ = IntegId::kNone;
  SecretBytes encr_i{}, encr_r{}, integ_i{}, integ_r{};
};

// One direction of a CHILD_SA: the ESP SA from src to dst.
struct EspSaKeys {
  IpAddress src{}, dst{};
  std::uint32_t spi = 0;
  EncrId encr{};
  unsigned encr_key_bits = 0;
  IntegId integ = IntegId::kNone;
  SecretBytes encr_key{}, integ_key{};  // encr_key with the salt / nonce for GCM and CTR
};

class KeyLog {
 public:
  static constexpr std::size_t kDefaultLimit = 4096;  // IKE SAs, and ESP SAs, each
  explicit KeyLog(std::size_t limit = kDefaultLimit) : limit_(limit) {}

  // Off: nothing is kept, and what was kept is wiped.
  void set_enabled(bool on);
  bool enabled() const;
  // Runs after every change, on the thread that made it, outside the lock.
  void set_on_change(std::function<void()> fn);

  void add_ike(IkeSaKeys keys);
  void remove_ike(int version, std::uint64_t spi_i, std::uint64_t spi_r);
  void add_esp(EspSaKeys keys);
  void remove_esp(const IpAddress& dst, std::uint32_t spi);

  // Copies, in order of their coming (oldest first).
  std::vector<IkeSaKeys> ike_sas() const;
  std::vector<EspSaKeys> esp_sas() const;
  std::uint64_t evicted() const;  // entries dropped because the table was full

 private:
  using IkeKey = std::tuple<int, std::uint64_t, std::uint64_t>;
  using EspKey = std::pair<IpAddress, std::uint32_t>;
  template <class Map>
  void evict_oldest_locked(Map& map);
  void changed();

  std::size_t limit_;
  mutable std::mutex mutex_;
  bool enabled_ = false;
  std::uint64_t next_seq_ = 0;
  std::uint64_t evicted_ = 0;
  std::map<IkeKey, std::pair<std::uint64_t, IkeSaKeys>> ike_;
  std::map<EspKey, std::pair<std::uint64_t, EspSaKeys>> esp_;
  std::shared_ptr<const std::function<void()>> on_change_;
};

}  // namespace oakley::ike
