#include "crypto/ikev1_keys.hpp"

#include <algorithm>
#include <array>
#include <string>

#include "crypto/hash.hpp"
#include "crypto/prf.hpp"
#include "crypto/secret_concat.hpp"

namespace oakley::crypto::ikev1 {

namespace {

Error not_hmac(PrfId prf) {
  return make_error(std::string("IKEv1 needs an HMAC prf, not ") + std::string(prf_name(prf)));
}

Result<KeyedPrf> keyed(PrfId prf, ByteView key) {
  if (!hmac_hash(prf)) return not_hmac(prf);
  return KeyedPrf::create(prf, key);
}

Result<SecretBytes> prf_once(PrfId prf, ByteView key, std::initializer_list<ByteView> data) {
  auto k = keyed(prf, key);
  if (!k) return k.take_error();
  return k->compute(data);
}

Result<Bytes> public_prf(PrfId prf, ByteView key, std::initializer_list<ByteView> data) {
  auto out = prf_once(prf, key, data);
  if (!out) return out.take_error();
  return Bytes(out->view().begin(), out->view().end());
}

Result<Bytes> truncated_hash(PrfId prf, std::initializer_list<ByteView> parts,
                             std::size_t block_size) {
  auto alg = hmac_hash(prf);
  if (!alg) return not_hmac(prf);
  Bytes h = hash(*alg, parts);
  if (block_size > h.size())
    return make_error("IV of " + std::to_string(block_size) + " bytes is longer than the hash");
  h.resize(block_size);
  return h;
}

// K1 = prf(K, seed0 | rest), Kn = prf(K, Kn-1 | rest), concatenated up to `length` bytes; the
// shape of both appendix B's Ka and the Quick Mode KEYMAT expansion.
SecretBytes expand(KeyedPrf& k, ByteView first, ByteView rest, std::size_t length) {
  SecretBytes out(length);
  SecretBytes block = k.compute({first, rest});
  std::size_t done = 0;
  while (true) {
    std::size_t take = std::min(block.size(), length - done);
    std::copy_n(block.data(), take, out.data() + done);
    done += take;
    if (done == length) return out;
    block = k.compute({block, rest});
  }
}

std::array<std::uint8_t, 4> be32(std::uint32_t v) {
  std::array<std::uint8_t, 4> b;
  store_be32(b.data(), v);
  return b;
}

}  // namespace

Result<SecretBytes> skeyid_psk(PrfId prf, ByteView psk, ByteView ni_b, ByteView nr_b) {
  return prf_once(prf, psk, {ni_b, nr_b});
}

Result<SecretBytes> skeyid_sig(PrfId prf, ByteView ni_b, ByteView nr_b, ByteView g_xy) {
  return prf_once(prf, concat({ni_b, nr_b}), {g_xy});
}

Result<SecretBytes> skeyid_pke(PrfId prf, ByteView ni_b, ByteView nr_b, ByteView cky_i,
                               ByteView cky_r) {
  auto alg = hmac_hash(prf);
  if (!alg) return not_hmac(prf);
  return prf_once(prf, hash(*alg, {ni_b, nr_b}), {cky_i, cky_r});
}

Result<Phase1Keys> derive_phase1_keys(PrfId prf, const SecretBytes& skeyid, ByteView g_xy,
                                      ByteView cky_i, ByteView cky_r) {
  auto k = keyed(prf, skeyid);
  if (!k) return k.take_error();
  const std::uint8_t n0 = 0, n1 = 1, n2 = 2;
  Phase1Keys out;
  out.skeyid = skeyid;
  out.skeyid_d = k->compute({g_xy, cky_i, cky_r, ByteView(&n0, 1)});
  out.skeyid_a = k->compute({out.skeyid_d, g_xy, cky_i, cky_r, ByteView(&n1, 1)});
  out.skeyid_e = k->compute({out.skeyid_a, g_xy, cky_i, cky_r, ByteView(&n2, 1)});
  return out;
}

Result<SecretBytes> encryption_key(PrfId prf, ByteView skeyid_e, std::size_t key_len) {
  if (!hmac_hash(prf)) return not_hmac(prf);
  if (key_len <= skeyid_e.size()) return SecretBytes(skeyid_e.first(key_len));
  auto k = keyed(prf, skeyid_e);
  if (!k) return k.take_error();
  const std::uint8_t zero = 0;
  return expand(*k, ByteView(&zero, 1), {}, key_len);
}

Result<Bytes> phase1_iv(PrfId prf, ByteView g_xi, ByteView g_xr, std::size_t block_size) {
  return truncated_hash(prf, {g_xi, g_xr}, block_size);
}

Result<Bytes> phase2_iv(PrfId prf, ByteView last_phase1_block, std::uint32_t message_id,
                        std::size_t block_size) {
  auto mid = be32(message_id);
  return truncated_hash(prf, {last_phase1_block, mid}, block_size);
}

Result<Bytes> hash_i(PrfId prf, ByteView skeyid, const Phase1Exchange& ex, ByteView id_ii_b) {
  return public_prf(prf, skeyid, {ex.g_xi, ex.g_xr, ex.cky_i, ex.cky_r, ex.sa_i_b, id_ii_b});
}

Result<Bytes> hash_r(PrfId prf, ByteView skeyid, const Phase1Exchange& ex, ByteView id_ir_b) {
  return public_prf(prf, skeyid, {ex.g_xr, ex.g_xi, ex.cky_r, ex.cky_i, ex.sa_i_b, id_ir_b});
}

Result<Bytes> qm_hash1(PrfId prf, ByteView skeyid_a, std::uint32_t message_id, ByteView payloads) {
  auto mid = be32(message_id);
  return public_prf(prf, skeyid_a, {mid, payloads});
}

Result<Bytes> qm_hash2(PrfId prf, ByteView skeyid_a, std::uint32_t message_id, ByteView ni_b,
                       ByteView payloads) {
  auto mid = be32(message_id);
  return public_prf(prf, skeyid_a, {mid, ni_b, payloads});
}

Result<Bytes> qm_hash3(PrfId prf, ByteView skeyid_a, std::uint32_t message_id, ByteView ni_b,
                       ByteView nr_b) {
  auto mid = be32(message_id);
  const std::uint8_t zero = 0;
  return public_prf(prf, skeyid_a, {ByteView(&zero, 1), mid, ni_b, nr_b});
}

Result<SecretBytes> qm_keymat(PrfId prf, ByteView skeyid_d, ByteView g_qm, std::uint8_t protocol,
                              ByteView spi, ByteView ni_b, ByteView nr_b, std::size_t length) {
  auto k = keyed(prf, skeyid_d);
  if (!k) return k.take_error();
  SecretBytes rest = detail::secret_concat({g_qm, ByteView(&protocol, 1), spi, ni_b, nr_b});
  return expand(*k, {}, rest, length);
}

}  // namespace oakley::crypto::ikev1
