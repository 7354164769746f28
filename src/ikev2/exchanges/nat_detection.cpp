#include "ikev2/exchanges/nat_detection.hpp"

#include "crypto/hash.hpp"
#include "crypto/random.hpp"
#include "wire/ikev2/header.hpp"

namespace oakley::ikev2 {

namespace w = wire::ikev2;

namespace {

Bytes nat_hash(std::uint64_t spi_i, std::uint64_t spi_r, const Endpoint& e) {
  auto i = w::spi_bytes(spi_i);
  auto r = w::spi_bytes(spi_r);
  return crypto::ikev2_nat_hash(i, r, e.address.bytes(), e.port);
}

}  // namespace

std::vector<w::Payload> nat_detection_payloads(std::uint64_t spi_i, std::uint64_t spi_r,
                                               const Endpoint& local, const Endpoint& remote,
                                               bool fake) {
  Bytes source = fake ? crypto::random_bytes(20) : nat_hash(spi_i, spi_r, local);
  return {
      w::Payload{w::NotifyPayload::of(w::NotifyType::kNatDetectionSourceIp, std::move(source)),
                 false},
      w::Payload{w::NotifyPayload::of(w::NotifyType::kNatDetectionDestinationIp,
                                      nat_hash(spi_i, spi_r, remote)),
                 false},
  };
}

NatResult check_nat(const std::vector<w::Payload>& payloads, std::uint64_t spi_i,
                    std::uint64_t spi_r, const Endpoint& local, const Endpoint& remote) {
  NatResult r;
  Bytes expect_source = nat_hash(spi_i, spi_r, remote);
  Bytes expect_dest = nat_hash(spi_i, spi_r, local);
  bool any_source_match = false;
  bool saw_source = false, saw_dest = false;
  for (const auto& p : payloads) {
    const auto* n = p.get<w::NotifyPayload>();
    if (!n) continue;
    if (n->type == w::NotifyType::kNatDetectionSourceIp) {
      saw_source = true;
      if (n->data == expect_source) any_source_match = true;
    } else if (n->type == w::NotifyType::kNatDetectionDestinationIp) {
      saw_dest = true;
      if (n->data != expect_dest) r.local_behind = true;
    }
  }
  r.present = saw_source && saw_dest;
  if (!r.present) return NatResult{};
  // Several source hashes may come from a multi-homed peer: any match means no NAT on its side.
  r.remote_behind = !any_source_match;
  return r;
}

}  // namespace oakley::ikev2
