#include "ikev1/exchanges/transaction.hpp"

#include "crypto/compare.hpp"
#include "crypto/ikev1_keys.hpp"
#include "crypto/prf.hpp"

namespace oakley::ikev1 {

namespace w = wire::ikev1;

Outbound transaction_message(const IsakmpSa& sa, std::uint32_t mid, w::AttributePayload attrs) {
  Outbound out;
  out.encrypt = true;
  out.payloads.push_back(w::Payload{w::HashPayload{Bytes(crypto::prf_output_size(sa.prf), 0)}});
  out.payloads.push_back(w::Payload{std::move(attrs)});
  out.fill_hash = [prf = sa.prf, key = sa.skeyid_a, mid](ByteView after) {
    return crypto::ikev1::informational_hash(prf, key, mid, after);
  };
  return out;
}

const w::AttributePayload* verified_transaction(const IsakmpSa& sa, const Inbound& in,
                                                std::uint32_t mid) {
  const auto* h = in.payloads.empty() ? nullptr : in.payloads.front().get<w::HashPayload>();
  auto expected = crypto::ikev1::informational_hash(sa.prf, sa.skeyid_a, mid,
                                                    w::bytes_after(in.plain, in.payloads, 0));
  if (!h || !expected || !crypto::equal_constant_time(h->data, *expected)) return nullptr;
  return w::find<w::AttributePayload>(in.payloads);
}

std::optional<std::string> attribute_text(const w::AttributePayload& p, w::ModeCfgAttribute type) {
  const auto* a = wire::find_attribute(p.attributes, type);
  const auto* b = a ? std::get_if<Bytes>(&a->value) : nullptr;
  if (!b) return std::nullopt;
  return std::string(b->begin(), b->end());
}

}  // namespace oakley::ikev1
