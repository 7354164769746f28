// libFuzzer harness: ISAKMP/IKEv1 message and payload-chain parsing. Whatever parses must
// re-encode, and the re-encoded bytes must parse to the same typed payloads and encode to the same
// bytes again (abort otherwise). Seeds: fuzz/corpus/fuzz_ikev1_message
// (tools/wire_seed_corpus.cpp).
#include <cstdint>
#include <cstdlib>

#include "wire/ikev1/describe.hpp"
#include "wire/ikev1/vendor_ids.hpp"
#include "wire/version.hpp"

namespace {

using namespace oakley;
using namespace oakley::wire::ikev1;

void check(bool ok) {
  if (!ok) std::abort();
}

// The typed accessors the exchanges will call on received payloads.
void use_accessors(const std::vector<Payload>& payloads) {
  for (const auto& p : payloads) {
    if (const auto* id = p.get<IdPayload>()) (void)id->to_traffic_selector();
    if (const auto* v = p.get<VendorIdPayload>()) (void)vendor_id_name(v->data);
    if (const auto* n = p.get<NotifyPayload>()) (void)n->dpd_sequence();
    if (const auto* sa = p.get<SaPayload>()) {
      for (const auto& prop : sa->proposals) {
        for (const auto& t : prop.transforms)
          (void)t.attribute(Phase1Attribute::kLifeDuration);
      }
    }
  }
}

bool same_bodies(const std::vector<Payload>& a, const std::vector<Payload>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!(a[i].body == b[i].body)) return false;
  }
  return true;
}

bool same_header(Header a, Header b) {
  a.length = b.length = 0;  // trailing bytes after the chain are not re-encoded
  return a == b;
}

void round_trip_message(const Message& m) {
  auto bytes = encode(m);
  check(bytes.ok());
  auto again = parse_message(*bytes);
  check(again.ok());
  check(same_header(again->header, m.header));
  check(same_bodies(again->payloads, m.payloads));
  check(again->encrypted_body == m.encrypted_body);
  for (const auto& p : again->payloads)
    check(p.raw_body == encode_body(p.body));
  auto bytes2 = encode(*again);
  check(bytes2.ok() && *bytes2 == *bytes);
  (void)describe_message(m);
  use_accessors(m.payloads);
}

// `data` as decrypted content (padding allowed after the chain).
void round_trip_chain(PayloadType first, ByteView data) {
  auto chain = parse_payload_chain(first, data);
  if (!chain) return;
  for (std::size_t i = 0; i < chain->size(); ++i)
    (void)bytes_after(data, *chain, i);
  auto bytes = encode_payload_chain(*chain);
  check(bytes.ok());
  auto again = parse_payload_chain(bytes->first_type, bytes->bytes);
  check(again.ok() && same_bodies(*again, *chain));
  (void)describe_payloads(*chain);
  use_accessors(*chain);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ByteView in(data, size);
  (void)oakley::wire::peek_version(in);
  (void)peek_header(in);
  if (auto m = parse_message(in)) {
    round_trip_message(*m);
    if (m->header.encrypted()) round_trip_chain(m->header.next_payload, m->encrypted_body);
  }
  if (size > 0) round_trip_chain(PayloadType{data[0]}, in.subspan(1));
  return 0;
}
