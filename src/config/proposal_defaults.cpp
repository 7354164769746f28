// The "default" proposals. strongSwan builds them from whatever its crypto plugins offer, in
// plugin order (proposal_create_default / _default_aead in libstrongswan); these lists are what
// charon 5.9.8 (Debian 12, plugins openssl, xcbc, cmac) logs for "proposals = default", Camellia
// and the Brainpool curves included (tests/config/record_charon_proposals.sh ike default).
#include "config/proposal.hpp"

namespace oakley::config {

namespace {

using T = TransformType;

template <typename Id>
Transform t(T type, Id id, std::uint16_t bits = 0) {
  return Transform{type, static_cast<std::uint16_t>(id), bits};
}

void add_three_sizes(std::vector<Transform>& out, EncrId id) {
  for (std::uint16_t bits : {128, 192, 256})
    out.push_back(t(T::kEncr, id, bits));
}

void add_ike_prf_and_dh(std::vector<Transform>& out) {
  for (auto prf : {PrfId::kHmacSha256, PrfId::kHmacSha384, PrfId::kHmacSha512, PrfId::kAes128Xcbc,
                   PrfId::kAes128Cmac, PrfId::kHmacSha1}) {
    out.push_back(t(T::kPrf, prf));
  }
  for (auto dh : {DhId::kCurve25519, DhId::kCurve448, DhId::kEcp256, DhId::kEcp384, DhId::kEcp521,
                  DhId::kEcp256Bp, DhId::kEcp384Bp, DhId::kEcp512Bp, DhId::kModp3072,
                  DhId::kModp4096, DhId::kModp6144, DhId::kModp8192, DhId::kModp2048}) {
    out.push_back(t(T::kDh, dh));
  }
}

void add_classic_integrity(std::vector<Transform>& out, bool with_cmac) {
  for (auto integ : {IntegId::kHmacSha256_128, IntegId::kHmacSha384_192, IntegId::kHmacSha512_256,
                     IntegId::kHmacSha1_96, IntegId::kAesXcbc96}) {
    out.push_back(t(T::kInteg, integ));
  }
  if (with_cmac) out.push_back(t(T::kInteg, IntegId::kAesCmac96));
}

Proposal ike_classic() {
  Proposal p{SaProtocol::kIke, {}};
  add_three_sizes(p.transforms, EncrId::kAesCbc);
  add_three_sizes(p.transforms, EncrId::kAesCtr);
  add_three_sizes(p.transforms, EncrId::kCamelliaCbc);
  add_three_sizes(p.transforms, EncrId::kCamelliaCtr);
  p.transforms.push_back(t(T::kEncr, EncrId::k3Des));
  add_classic_integrity(p.transforms, true);
  add_ike_prf_and_dh(p.transforms);
  return p;
}

Proposal ike_aead() {
  Proposal p{SaProtocol::kIke, {}};
  add_three_sizes(p.transforms, EncrId::kAesGcm16);
  add_three_sizes(p.transforms, EncrId::kAesCcm16);
  p.transforms.push_back(t(T::kEncr, EncrId::kChacha20Poly1305));
  for (auto id : {EncrId::kAesGcm12, EncrId::kAesGcm8, EncrId::kAesCcm12, EncrId::kAesCcm8}) {
    add_three_sizes(p.transforms, id);
  }
  add_ike_prf_and_dh(p.transforms);
  return p;
}

Proposal child_classic(SaProtocol protocol) {
  Proposal p{protocol, {}};
  if (protocol == SaProtocol::kEsp) add_three_sizes(p.transforms, EncrId::kAesCbc);
  add_classic_integrity(p.transforms, false);
  p.transforms.push_back(t(T::kEsn, EsnId::kNoEsn));
  return p;
}

Proposal esp_aead() {
  Proposal p{SaProtocol::kEsp, {}};
  add_three_sizes(p.transforms, EncrId::kAesGcm16);
  p.transforms.push_back(t(T::kEsn, EsnId::kNoEsn));
  return p;
}

}  // namespace

std::vector<Proposal> default_proposals(SaProtocol protocol, bool implicit) {
  switch (protocol) {
    case SaProtocol::kIke:
      return {ike_classic(), ike_aead()};
    case SaProtocol::kEsp:
      if (implicit) return {esp_aead(), child_classic(SaProtocol::kEsp)};
      return {child_classic(SaProtocol::kEsp), esp_aead()};
    case SaProtocol::kAh:
      return {child_classic(SaProtocol::kAh)};
  }
  return {};
}

}  // namespace oakley::config
