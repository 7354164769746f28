#include "crypto/ikev2_keys.hpp"

#include <algorithm>

#include "crypto/prf.hpp"
#include "crypto/secret_concat.hpp"

namespace oakley::crypto::ikev2 {

namespace {

// RFC 7296 2.14: a PRF with a fixed key length gets half its key from each nonce.
SecretBytes nonce_key(PrfId prf, ByteView ni, ByteView nr) {
  const bool fixed_key = prf == PrfId::kAes128Xcbc || prf == PrfId::kAes128Cmac;
  const std::size_t half = prf_key_size(prf) / 2;
  if (!fixed_key || ni.size() < half || nr.size() < half) return SecretBytes(concat({ni, nr}));
  return SecretBytes(concat({ni.first(half), nr.first(half)}));
}

class Splitter {
 public:
  explicit Splitter(const SecretBytes& all) : all_(all) {}
  SecretBytes take(std::size_t n) {
    SecretBytes out = all_.slice(offset_, n);
    offset_ += n;
    return out;
  }

 private:
  const SecretBytes& all_;
  std::size_t offset_ = 0;
};

}  // namespace

Result<SecretBytes> skeyseed(PrfId prf, ByteView ni, ByteView nr, ByteView g_ir) {
  auto keyed = KeyedPrf::create(prf, nonce_key(prf, ni, nr));
  if (!keyed) return keyed.take_error();
  return keyed->compute({g_ir});
}

Result<SecretBytes> rekey_skeyseed(PrfId prf, ByteView sk_d_old, ByteView g_ir_new, ByteView ni,
                                   ByteView nr, ByteView additional) {
  auto keyed = KeyedPrf::create(prf, sk_d_old);
  if (!keyed) return keyed.take_error();
  return keyed->compute({g_ir_new, ni, nr, additional});
}

Result<IkeSaKeys> derive_ike_sa_keys(PrfId prf, ByteView skeyseed, ByteView ni, ByteView nr,
                                     ByteView spi_i, ByteView spi_r, std::size_t integ_key_len,
                                     std::size_t encr_key_len) {
  const std::size_t prf_key = prf_key_size(prf);
  const std::size_t total = 3 * prf_key + 2 * integ_key_len + 2 * encr_key_len;
  auto all = prf_plus(prf, skeyseed, concat({ni, nr, spi_i, spi_r}), total);
  if (!all) return all.take_error();
  Splitter s(*all);
  IkeSaKeys k;
  k.sk_d = s.take(prf_key);
  k.sk_ai = s.take(integ_key_len);
  k.sk_ar = s.take(integ_key_len);
  k.sk_ei = s.take(encr_key_len);
  k.sk_er = s.take(encr_key_len);
  k.sk_pi = s.take(prf_key);
  k.sk_pr = s.take(prf_key);
  return k;
}

Result<SecretBytes> child_keymat(PrfId prf, ByteView sk_d, ByteView g_ir_new, ByteView ni,
                                 ByteView nr, std::size_t length, ByteView additional) {
  SecretBytes seed = detail::secret_concat({g_ir_new, ni, nr, additional});
  return prf_plus(prf, sk_d, seed, length);
}

Result<ChildSaKeys> derive_child_sa_keys(PrfId prf, ByteView sk_d, ByteView g_ir_new, ByteView ni,
                                         ByteView nr, std::size_t encr_key_len,
                                         std::size_t integ_key_len, ByteView additional) {
  auto all =
      child_keymat(prf, sk_d, g_ir_new, ni, nr, 2 * (encr_key_len + integ_key_len), additional);
  if (!all) return all.take_error();
  Splitter s(*all);
  ChildSaKeys k;
  k.encr_i = s.take(encr_key_len);
  k.integ_i = s.take(integ_key_len);
  k.encr_r = s.take(encr_key_len);
  k.integ_r = s.take(integ_key_len);
  return k;
}

Result<Bytes> signed_octets(PrfId prf, ByteView real_message, ByteView nonce, ByteView sk_p,
                            ByteView id_payload_body) {
  auto keyed = KeyedPrf::create(prf, sk_p);
  if (!keyed) return keyed.take_error();
  SecretBytes mac_id = keyed->compute({id_payload_body});
  return concat({real_message, nonce, mac_id});
}

Result<Bytes> psk_auth(PrfId prf, ByteView shared_secret, ByteView signed_octets) {
  auto pad = KeyedPrf::create(prf, shared_secret);
  if (!pad) return pad.take_error();
  SecretBytes key = pad->compute({as_bytes("Key Pad for IKEv2")});
  auto keyed = KeyedPrf::create(prf, key);
  if (!keyed) return keyed.take_error();
  SecretBytes auth = keyed->compute({signed_octets});
  return Bytes(auth.view().begin(), auth.view().end());
}

Result<Bytes> psk_auth(PrfId prf, ByteView shared_secret, ByteView real_message, ByteView nonce,
                       ByteView sk_p, ByteView id_payload_body) {
  auto octets = signed_octets(prf, real_message, nonce, sk_p, id_payload_body);
  if (!octets) return octets.take_error();
  return psk_auth(prf, shared_secret, *octets);
}

}  // namespace oakley::crypto::ikev2
