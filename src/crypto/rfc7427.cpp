// Signature encodings of IKEv2: RFC 7427 AlgorithmIdentifiers and AUTH data, and RFC 4754's r | s.
#include <openssl/bn.h>
#include <openssl/ecdsa.h>

#include <algorithm>
#include <array>

#include "crypto/ossl.hpp"
#include "crypto/pki.hpp"

namespace oakley::crypto {

namespace {

// DER AlgorithmIdentifiers (RFC 7427 appendix A; RFC 4055 for PSS with MGF1 over the same hash
// and salt = hash length; RFC 8410 for EdDSA). The first encoding is the one we send; the others
// are accepted too (RFC 4055: PKCS#1 v1.5 parameters may be NULL or absent).
struct AlgId {
  SignatureScheme scheme;
  const char* hex;
  const char* alternative;
};

constexpr std::array<AlgId, 12> kAlgIds = {{
    {SignatureScheme::kRsaPkcs1Sha1, "300d06092a864886f70d0101050500",
     "300b06092a864886f70d010105"},
    {SignatureScheme::kRsaPkcs1Sha256, "300d06092a864886f70d01010b0500",
     "300b06092a864886f70d01010b"},
    {SignatureScheme::kRsaPkcs1Sha384, "300d06092a864886f70d01010c0500",
     "300b06092a864886f70d01010c"},
    {SignatureScheme::kRsaPkcs1Sha512, "300d06092a864886f70d01010d0500",
     "300b06092a864886f70d01010d"},
    {SignatureScheme::kRsaPssSha256,
     "304106092a864886f70d01010a3034a00f300d06096086480165030402010500a11c301a06092a864886f70d0101"
     "08300d06096086480165030402010500a203020120",
     nullptr},
    {SignatureScheme::kRsaPssSha384,
     "304106092a864886f70d01010a3034a00f300d06096086480165030402020500a11c301a06092a864886f70d0101"
     "08300d06096086480165030402020500a203020130",
     nullptr},
    {SignatureScheme::kRsaPssSha512,
     "304106092a864886f70d01010a3034a00f300d06096086480165030402030500a11c301a06092a864886f70d0101"
     "08300d06096086480165030402030500a203020140",
     nullptr},
    {SignatureScheme::kEcdsaSha256, "300a06082a8648ce3d040302", nullptr},
    {SignatureScheme::kEcdsaSha384, "300a06082a8648ce3d040303", nullptr},
    {SignatureScheme::kEcdsaSha512, "300a06082a8648ce3d040304", nullptr},
    {SignatureScheme::kEd25519, "300506032b6570", nullptr},
    {SignatureScheme::kEd448, "300506032b6571", nullptr},
}};

using EcdsaSigPtr = std::unique_ptr<ECDSA_SIG, ossl::Deleter<ECDSA_SIG_free>>;
using BnPtr = std::unique_ptr<BIGNUM, ossl::Deleter<BN_free>>;

}  // namespace

Bytes algorithm_identifier(SignatureScheme scheme) {
  for (const AlgId& a : kAlgIds)
    if (a.scheme == scheme) return from_hex(a.hex).value_or(Bytes{});
  return {};
}

std::optional<SignatureScheme> scheme_from_algorithm_identifier(ByteView der) {
  const std::string text = to_hex(der);
  for (const AlgId& a : kAlgIds)
    if (text == a.hex || (a.alternative != nullptr && text == a.alternative)) return a.scheme;
  return std::nullopt;
}

Bytes rfc7427_auth_data(SignatureScheme scheme, ByteView signature) {
  Bytes alg = algorithm_identifier(scheme);
  Bytes out{static_cast<std::uint8_t>(alg.size())};
  append(out, alg);
  append(out, signature);
  return out;
}

Result<Rfc7427Auth> parse_rfc7427_auth_data(ByteView auth_data) {
  if (auth_data.empty() || auth_data[0] == 0 || auth_data.size() <= 1u + auth_data[0])
    return make_error("RFC 7427 AUTH data too short for its AlgorithmIdentifier length");
  ByteView alg = auth_data.subspan(1, auth_data[0]);
  auto scheme = scheme_from_algorithm_identifier(alg);
  if (!scheme)
    return make_error("RFC 7427 AUTH data names an unsupported signature algorithm " + to_hex(alg));
  return Rfc7427Auth{*scheme, auth_data.subspan(1u + auth_data[0])};
}

Result<Bytes> ecdsa_der_to_raw(ByteView der, std::size_t coordinate_size) {
  const unsigned char* p = der.data();
  EcdsaSigPtr sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size())));
  if (!sig || p != der.data() + der.size()) {
    ossl::clear_errors();
    return make_error("not a DER ECDSA signature");
  }
  const BIGNUM* r = ECDSA_SIG_get0_r(sig.get());
  const BIGNUM* s = ECDSA_SIG_get0_s(sig.get());
  Bytes out(2 * coordinate_size);
  const int n = static_cast<int>(coordinate_size);
  if (BN_bn2binpad(r, out.data(), n) != n || BN_bn2binpad(s, out.data() + n, n) != n)
    return make_error("ECDSA signature value larger than the curve");
  return out;
}

Result<Bytes> ecdsa_raw_to_der(ByteView raw) {
  if (raw.empty() || raw.size() % 2 != 0)
    return make_error("ECDSA r | s must have an even, non-zero length");
  const int n = static_cast<int>(raw.size() / 2);
  BnPtr r(BN_bin2bn(raw.data(), n, nullptr));
  BnPtr s(BN_bin2bn(raw.data() + n, n, nullptr));
  EcdsaSigPtr sig(ECDSA_SIG_new());
  if (!r || !s || !sig || ECDSA_SIG_set0(sig.get(), r.get(), s.get()) != 1)
    return ossl::error("cannot encode ECDSA signature");
  r.release();  // owned by sig now
  s.release();
  const int len = i2d_ECDSA_SIG(sig.get(), nullptr);
  if (len <= 0) return ossl::error("cannot encode ECDSA signature");
  Bytes out(static_cast<std::size_t>(len));
  unsigned char* p = out.data();
  i2d_ECDSA_SIG(sig.get(), &p);
  return out;
}

}  // namespace oakley::crypto
