// libFuzzer harness: IKEv2 message and payload-chain parsing. Whatever parses must re-encode, and
// the re-encoded bytes must parse to the same typed message and encode to the same bytes again
// (abort otherwise). Seeds: fuzz/corpus/fuzz_ikev2_message (tools/wire_seed_corpus.cpp).
#include <cstdint>
#include <cstdlib>

#include "wire/ikev2/describe.hpp"
#include "wire/version.hpp"

namespace {

using namespace oakley;
using namespace oakley::wire::ikev2;

void check(bool ok) {
  if (!ok) std::abort();
}

// The typed accessors the exchanges will call on received payloads.
void use_accessors(const std::vector<Payload>& payloads) {
  (void)unsupported_critical_payload(payloads);
  for (const auto& p : payloads) {
    if (const auto* ts = p.get<TsPayload>()) {
      for (const auto& s : ts->selectors)
        (void)s.to_range();
    }
    if (const auto* cp = p.get<CpPayload>()) {
      for (const auto& a : cp->attributes)
        (void)a.as_address();
    }
    if (const auto* eap = p.get<EapPayload>()) (void)eap->type();
    if (const auto* n = p.get<NotifyPayload>()) (void)n->data_u16_list();
    if (const auto* id = p.get<IdPayload>()) (void)encode_id_body(*id);
  }
}

void round_trip_message(const Message& m) {
  auto bytes = encode(m);
  check(bytes.ok());
  check(bytes->size() == m.header.length);
  auto again = parse_message(*bytes);
  check(again.ok());
  check(*again == m);
  auto bytes2 = encode(*again);
  check(bytes2.ok() && *bytes2 == *bytes);
  (void)describe_message(m);
  use_accessors(m.payloads);
}

// `data` as decrypted SK content starting with a payload of type `first`.
void round_trip_chain(PayloadType first, ByteView data) {
  auto chain = parse_payload_chain(first, data);
  if (!chain) return;
  auto bytes = encode_payload_chain(*chain);
  check(bytes.ok());
  check(bytes->bytes.size() == data.size());
  auto again = parse_payload_chain(bytes->first_type, bytes->bytes);
  check(again.ok() && *again == *chain);
  (void)describe_payloads(*chain);
  use_accessors(*chain);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ByteView in(data, size);
  (void)oakley::wire::peek_version(in);
  (void)peek_header(in);
  (void)encrypted_body_offset(in);
  if (auto m = parse_message(in)) {
    round_trip_message(*m);
    if (!m->payloads.empty()) {
      if (const auto* sk = m->payloads.back().get<SkPayload>()) {
        round_trip_chain(sk->inner_next_payload, sk->body);
      }
    }
  }
  if (size > 0) round_trip_chain(PayloadType{data[0]}, in.subspan(1));
  return 0;
}
