// libFuzzer harness for the inbound ESP path: Datapath::inbound() with arbitrary bytes against a
// few fixed SAs of different algorithms and modes. Input layout:
//   byte 0  bit 0: 0 = the rest is an ESP packet as it arrives (an outsider's view)
//                  1 = the rest is plaintext (payload + trailer, any bytes) that the harness
//                      protects validly first (a peer that holds the keys but not the rules)
//           bit 1: outer addresses IPv6 instead of IPv4
//           bits 2-7: which SA (SPI of the packet is overwritten unless the SA index is out of
//                     range, which keeps the packet's own SPI)
//   bytes 1-4 (sealed mode): the sequence number to protect with
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

#include "common/log.hpp"
#include "dataplane/datapath.hpp"
#include "dataplane/esp/esp_crypto.hpp"
#include "dataplane/esp/transform.hpp"

namespace {

using namespace oakley;
using namespace oakley::dataplane;

struct FuzzSa {
  std::uint32_t spi;
  SaAlgorithms algorithms;
  Mode mode;
  std::uint32_t window;
  bool selectors;
};

const FuzzSa kSas[] = {
    {0x100, {EncrId::kAesGcm16, 128}, Mode::kTunnel, 64, false},
    {0x101, {EncrId::kAesCbc, 128, IntegId::kHmacSha256_128, true}, Mode::kTunnel, 128, true},
    {0x102, {EncrId::kChacha20Poly1305, 0}, Mode::kTransport, 32, false},
    {0x103, {EncrId::kNull, 0, IntegId::kHmacSha1_96}, Mode::kTunnel, 4096, true},
    {0x104, {EncrId::kAesCbc, 128, IntegId::kNone}, Mode::kTunnel, 64, false},
    {0x105, {EncrId::kAesGcm8, 256, IntegId::kNone, true}, Mode::kTransport, 0, true},
    {0x106, {EncrId::k3Des, 0, IntegId::kHmacSha1_96}, Mode::kTransport, 64, false},
};
constexpr std::size_t kSaCount = sizeof kSas / sizeof kSas[0];

SecretBytes key(std::size_t n, std::uint8_t fill) {
  return SecretBytes(Bytes(n, fill));
}

SaConfig config_for(const FuzzSa& f, bool v6) {
  SaConfig c;
  c.spi = f.spi;
  c.direction = Direction::kInbound;
  c.reqid = f.spi;
  c.mode = f.mode;
  c.algorithms = f.algorithms;
  c.encr_key =
      key(crypto::encr_keymat_size(f.algorithms.encr, f.algorithms.encr_key_bits).value(), 0x11);
  c.integ_key = key(crypto::integ_key_size(f.algorithms.integ), 0x22);
  c.local = *IpAddress::parse(v6 ? "2001:db8::2" : "192.0.2.2");
  c.remote = *IpAddress::parse(v6 ? "2001:db8::1" : "192.0.2.1");
  c.replay_window = f.window;
  if (f.selectors) {
    c.local_ts = {TrafficSelector::from_prefix(*IpAddress::parse("10.2.0.0"), 16),
                  TrafficSelector::from_prefix(*IpAddress::parse("fd02::"), 64)};
    c.remote_ts = {TrafficSelector::from_prefix(*IpAddress::parse("10.1.0.0"), 16, 17, 1, 1024)};
  }
  return c;
}

// Sender-side crypto, built once: the keys never change.
esp::EspCrypto& sender(std::size_t i) {
  static std::vector<std::unique_ptr<esp::EspCrypto>> all = [] {
    std::vector<std::unique_ptr<esp::EspCrypto>> v;
    for (const auto& f : kSas) {
      SaConfig c = config_for(f, false);
      v.push_back(std::move(esp::EspCrypto::create(c.algorithms, c.encr_key, c.integ_key)).value());
    }
    return v;
  }();
  return *all[i];
}

void seal(std::size_t sa, std::uint64_t seq, esp::PacketBuffer& p) {
  esp::EspCrypto& c = sender(sa);
  std::uint8_t iv[16] = {};
  std::memcpy(iv, &seq, sizeof seq);
  (void)esp::encapsulate_raw(c, kSas[sa].spi, seq, kSas[sa].algorithms.esn, {iv, c.iv_size()}, p);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const bool quiet = [] {
    log::set_stderr(false);
    return true;
  }();
  (void)quiet;
  if (size < 1) return 0;
  const bool sealed = data[0] & 1;
  const bool v6 = data[0] & 2;
  const std::size_t sa = data[0] >> 2;
  ++data;
  --size;

  // A fresh data path per input keeps runs independent (replay windows start empty).
  Datapath dp(1);
  for (const auto& f : kSas)
    if (!dp.install_sa(config_for(f, v6)).ok()) __builtin_trap();
  WorkerContext& ctx = dp.worker(0);
  dp.refresh(ctx);

  std::vector<std::uint8_t> storage(size + 512);
  esp::PacketBuffer p(storage.data(), storage.size(), 128, 0);
  if (sealed) {
    if (sa >= kSaCount || size < 4) return 0;
    std::uint32_t seq;
    std::memcpy(&seq, data, 4);
    std::memcpy(p.push_back(size - 4), data + 4, size - 4);
    seal(sa, seq, p);
  } else {
    std::memcpy(p.push_back(size), data, size);
    if (sa < kSaCount && size >= 4) store_be32(p.data(), kSas[sa].spi);
  }
  const IpAddress src = *IpAddress::parse(v6 ? "2001:db8::1" : "192.0.2.1");
  const IpAddress dst = *IpAddress::parse(v6 ? "2001:db8::2" : "192.0.2.2");
  InboundResult r = dp.inbound(ctx, p, src, dst);
  if (r.ok() && p.size() > storage.size()) __builtin_trap();
  return 0;
}
