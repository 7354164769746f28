#include "ikev2/ike_keys.hpp"

#include "crypto/ikev2_keys.hpp"
#include "crypto/prf.hpp"
#include "wire/ikev2/header.hpp"

namespace oakley::ikev2 {

Result<IkeKeyResult> derive_ike_keys(const IkeKeyInputs& in, const crypto::DhKeyPair& dh,
                                     ByteView peer_public) {
  auto g_ir = dh.shared_secret(peer_public);
  if (!g_ir) return g_ir.take_error();
  return derive_ike_keys_from(in, *g_ir);
}

Result<IkeKeyResult> derive_ike_keys_from(const IkeKeyInputs& in, ByteView g_ir) {
  auto encr = in.proposal.first(TransformType::kEncr);
  auto prf = in.proposal.first(TransformType::kPrf);
  auto integ = in.proposal.first(TransformType::kInteg);
  if (!encr || !prf) return make_error("selected proposal lacks encryption or PRF");
  auto prf_id = static_cast<PrfId>(prf->id);
  auto encr_id = static_cast<EncrId>(encr->id);
  auto integ_id = integ ? static_cast<IntegId>(integ->id) : IntegId::kNone;
  auto seed = in.rekey_sk_d.empty()
                  ? crypto::ikev2::skeyseed(prf_id, in.nonce_i, in.nonce_r, g_ir)
                  : crypto::ikev2::rekey_skeyseed(prf_id, in.rekey_sk_d, g_ir, in.nonce_i,
                                                  in.nonce_r, in.additional_secrets);
  if (!seed) return seed.take_error();
  auto encr_len = crypto::encr_keymat_size(encr_id, encr->key_bits);
  if (!encr_len) return encr_len.take_error();
  auto spi_i = wire::ikev2::spi_bytes(in.spi_i);
  auto spi_r = wire::ikev2::spi_bytes(in.spi_r);
  auto keys = crypto::ikev2::derive_ike_sa_keys(prf_id, *seed, in.nonce_i, in.nonce_r, spi_i, spi_r,
                                                crypto::integ_key_size(integ_id), *encr_len);
  if (!keys) return keys.take_error();
  SkKeys sk;
  sk.encr = encr_id;
  sk.encr_key_bits = encr->key_bits;
  sk.integ = integ_id;
  sk.encr_out = in.we_initiated ? keys->sk_ei : keys->sk_er;
  sk.encr_in = in.we_initiated ? keys->sk_er : keys->sk_ei;
  sk.integ_out = in.we_initiated ? keys->sk_ai : keys->sk_ar;
  sk.integ_in = in.we_initiated ? keys->sk_ar : keys->sk_ai;
  auto crypter = SkCrypter::create(sk);
  if (!crypter) return crypter.take_error();
  if (in.key_log && in.key_log->enabled()) {
    in.key_log->add_ike({2, in.spi_i, in.spi_r, encr_id, encr->key_bits, integ_id, keys->sk_ei,
                         keys->sk_er, keys->sk_ai, keys->sk_ar});
  }
  IkeKeyResult out;
  out.prf = prf_id;
  out.sk_d = std::move(keys->sk_d);
  out.sk_pi = std::move(keys->sk_pi);
  out.sk_pr = std::move(keys->sk_pr);
  out.crypter.emplace(std::move(*crypter));
  return out;
}

void DhJob::run() {
  if (!dh) {
    auto generated = crypto::DhKeyPair::generate(group);
    if (!generated) {
      result = generated.take_error();
      return;
    }
    dh = std::move(*generated);
  }
  result = derive_ike_keys(inputs, *dh, peer_public);
}

}  // namespace oakley::ikev2
