#include "ikev1/phase1_keys.hpp"

#include <fmt/format.h>

#include "crypto/cipher.hpp"
#include "crypto/ikev1_keys.hpp"
#include "wire/ikev1/header.hpp"

namespace oakley::ikev1 {

namespace c1 = crypto::ikev1;

Result<std::size_t> cbc_block_size(EncrId encr) {
  switch (encr) {
    case EncrId::kAesCbc:
    case EncrId::kCamelliaCbc:
      return std::size_t{16};
    case EncrId::k3Des:
    case EncrId::kDes:
    case EncrId::kBlowfish:
    case EncrId::kCast:
      return std::size_t{8};
    default:
      return make_error(fmt::format("{} is not an IKEv1 Phase 1 cipher", encr_name(encr)));
  }
}

Result<Phase1Keys> derive_phase1_keys(const Phase1KeyInput& in, ByteView g_xy) {
  Phase1Keys out;
  auto bs = cbc_block_size(in.encr);
  if (!bs) return bs.take_error();
  out.block_size = *bs;
  auto key_len = crypto::encr_keymat_size(in.encr, in.key_bits);
  if (!key_len) return key_len.take_error();
  auto skeyid = in.psk ? c1::skeyid_psk(in.prf, *in.psk, in.ni_b, in.nr_b)
                       : c1::skeyid_sig(in.prf, in.ni_b, in.nr_b, g_xy);
  if (!skeyid) return skeyid.take_error();
  auto cky_i = wire::ikev1::cookie_bytes(in.cky_i);
  auto cky_r = wire::ikev1::cookie_bytes(in.cky_r);
  auto keys = c1::derive_phase1_keys(in.prf, *skeyid, g_xy, cky_i, cky_r);
  if (!keys) return keys.take_error();
  auto enc = c1::encryption_key(in.prf, keys->skeyid_e, *key_len);
  if (!enc) return enc.take_error();
  auto iv = c1::phase1_iv(in.prf, in.g_xi, in.g_xr, *bs);
  if (!iv) return iv.take_error();
  out.skeyid = std::move(keys->skeyid);
  out.skeyid_d = std::move(keys->skeyid_d);
  out.skeyid_a = std::move(keys->skeyid_a);
  out.skeyid_e = std::move(keys->skeyid_e);
  out.encryption_key = std::move(*enc);
  out.iv = std::move(*iv);
  return out;
}

}  // namespace oakley::ikev1
