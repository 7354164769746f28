// IKEv2 fragmentation (RFC 7383) against a peer that holds the SA's keys but plays foul: SKF
// without negotiation, absurd Total Fragments, more bytes than max_packet, totals that change,
// fragments that never complete, and retransmitted fragmented requests. Whatever it sends, the
// responder holds at most max_packet bytes per message and answers a retransmission once.
#include "crafted.hpp"
#include "two_engines.hpp"
#include "wire/ikev2/message.hpp"
#include "wire/ikev2/vendor.hpp"

namespace oakley::ikev2::testing {
namespace {

using namespace std::chrono_literals;
namespace w = wire::ikev2;

const std::string kSuite = "aes128gcm16-prfsha256-x25519";
const std::string kPsk = "test-psk-0123456789";

bool is_ike_auth(const Datagram& d) {
  auto m = w::parse_message(d.data);
  return m && m->header.exchange_type == w::ExchangeType::kIkeAuth;
}

class Ikev2Robustness : public TwoEngines {
 protected:
  // IKE_SA_INIT is done and the left never sends IKE_AUTH: the right holds a half-open SA whose
  // peer has keys but is not authenticated.
  void half_open(const std::string& right_conn = "", const std::string& right_top = "") {
    start(side_config(true),
          side_config(false, kSuite, "aes128gcm16", right_conn, "", kPsk, right_top));
    net.filter = [](const Datagram& d) { return !is_ike_auth(d); };
    ASSERT_TRUE(left->engine->initiate("t", "net", nullptr));
    net.pump();
    net.filter = nullptr;
    find_sas();
    ASSERT_EQ(r->state, IkeState::kCreated);
  }
  void established(const std::string& right_top = "") {
    start(side_config(true), side_config(false, kSuite, "aes128gcm16", "", "", kPsk, right_top));
    ASSERT_TRUE(initiate_left());
    find_sas();
  }
  void find_sas() {
    l = sole_sa(*left->engine);
    r = sole_sa(*right->engine);
    ASSERT_TRUE(l && r && l->crypter && r->crypter);
  }
  // Fragment `number` of `total` of the left's message `mid`, `size` bytes of (garbage) payload.
  Bytes fragment(w::ExchangeType exchange, std::uint32_t mid, std::uint16_t number,
                 std::uint16_t total, std::size_t size = 1000) {
    Bytes part(size, 0x5a);
    return crafted_skf(*l, exchange, mid, number, total, part,
                       number == 1 ? w::PayloadType::kVendorId : w::PayloadType::kNone);
  }
  void to_right(const Bytes& packet) { deliver(*right, *left, packet); }
  // Plaintext bytes the right holds for the peer's next request.
  std::size_t held() const { return r->reassembly[0] ? r->reassembly[0]->bytes() : 0; }
  const EngineStats& rstats() const { return right->engine->stats(); }

  IkeSa* l = nullptr;
  IkeSa* r = nullptr;
};

TEST_F(Ikev2Robustness, SkfFloodWithoutNegotiatedFragmentationIsDropped) {
  half_open("fragmentation = no");
  ASSERT_FALSE(r->peer_supports_fragmentation);
  for (std::uint16_t n = 1; n <= 50; ++n)
    to_right(fragment(w::ExchangeType::kIkeAuth, 1, n, 65535, 1200));
  EXPECT_EQ(rstats().fragments_unnegotiated, 50u);
  EXPECT_FALSE(r->reassembly[0]);
  EXPECT_EQ(r->state, IkeState::kCreated);  // nothing else happened to the SA
}

TEST_F(Ikev2Robustness, SkfWithHugeTotalIsDroppedBeforeItIsStored) {
  half_open();
  ASSERT_TRUE(r->peer_supports_fragmentation);
  auto invalid = rstats().invalid_messages;
  for (std::uint16_t n = 1; n <= 20; ++n)
    to_right(fragment(w::ExchangeType::kIkeAuth, 1, n, 65535, 1200));
  EXPECT_EQ(rstats().fragments_over_limit, 20u);
  EXPECT_EQ(rstats().invalid_messages, invalid);
  EXPECT_FALSE(r->reassembly[0]);
}

TEST_F(Ikev2Robustness, FragmentsBeyondMaxPacketAreDropped) {
  half_open("", "oakley {\n max_packet = 3000\n}\n");
  for (std::uint16_t n = 1; n <= 32; ++n) {
    to_right(fragment(w::ExchangeType::kIkeAuth, 1, n, 32, 1000));
    ASSERT_LE(held(), 3000u) << "after fragment " << n;
  }
  // Fragments 1-3 fill max_packet, the 4th drops the message, 5-7 start over, and so on.
  EXPECT_EQ(rstats().oversized_messages, 8u);
  EXPECT_EQ(r->state, IkeState::kCreated);
}

TEST_F(Ikev2Robustness, ChangingTotalFragmentsCannotGrowTheReassembly) {
  half_open();
  to_right(fragment(w::ExchangeType::kIkeAuth, 1, 1, 4));
  EXPECT_EQ(held(), 1000u);
  // A smaller total than the reassembly's is discarded (RFC 7383 2.6)...
  to_right(fragment(w::ExchangeType::kIkeAuth, 1, 2, 3));
  EXPECT_EQ(rstats().fragments_inconsistent, 1u);
  EXPECT_EQ(held(), 1000u);
  // ... a larger one starts over, and never beyond max_fragments (32 by default).
  for (std::uint16_t total = 5; total <= 40; ++total) {
    to_right(fragment(w::ExchangeType::kIkeAuth, 1, 2, total));
    ASSERT_TRUE(r->reassembly[0]);
    EXPECT_LE(r->reassembly[0]->total(), 32u);
    EXPECT_EQ(held(), 1000u);
  }
  EXPECT_EQ(rstats().reassemblies_superseded, 28u);  // totals 5..32
  EXPECT_EQ(rstats().fragments_over_limit, 8u);      // totals 33..40
}

TEST_F(Ikev2Robustness, IncompleteReassemblyExpiresOnAnEstablishedSa) {
  established();
  std::uint32_t mid = r->next_peer_request_id;
  to_right(fragment(w::ExchangeType::kInformational, mid, 1, 2));
  EXPECT_EQ(held(), 1000u);
  timers.advance(29s);
  EXPECT_EQ(held(), 1000u);
  timers.advance(2s);
  EXPECT_EQ(held(), 0u);
  EXPECT_EQ(rstats().reassemblies_expired, 1u);
}

// The SKF flood of sys_combined_flood: a peer with the SA's keys restarts the reassembly with
// every fragment (ever larger totals, or a message that passes max_packet). Each restart used to
// schedule a new 30 s timer and cancel the old one, and a cancelled timer keeps its heap entry
// until its deadline: memory that grew with the attacker's packet rate.
TEST_F(Ikev2Robustness, SkfRestartFloodSchedulesNoTimerPerRestart) {
  half_open();
  auto scheduled = timers.scheduled();
  for (int round = 0; round < 10; ++round) {
    for (std::uint16_t total = 2; total <= 32; ++total)
      to_right(fragment(w::ExchangeType::kIkeAuth, 1, 1, total, 1300));
    for (std::uint16_t n = 2; n <= 8; ++n)  // 8 x 1300 bytes pass max_packet (10000)
      to_right(fragment(w::ExchangeType::kIkeAuth, 1, n, 32, 1300));
  }
  EXPECT_EQ(rstats().reassemblies_superseded, 300u);
  EXPECT_EQ(rstats().oversized_messages, 10u);
  EXPECT_LE(timers.scheduled() - scheduled, 1u);
}

TEST_F(Ikev2Robustness, RestartedReassemblyGetsItsOwnTimeout) {
  established();
  std::uint32_t mid = r->next_peer_request_id;
  to_right(fragment(w::ExchangeType::kInformational, mid, 1, 2));
  timers.advance(20s);
  to_right(fragment(w::ExchangeType::kInformational, mid, 1, 3));  // starts over
  timers.advance(11s);  // 31 s after the first reassembly, 11 s into this one
  EXPECT_EQ(held(), 1000u);
  EXPECT_EQ(rstats().reassemblies_expired, 0u);
  timers.advance(20s);
  EXPECT_EQ(held(), 0u);
  EXPECT_EQ(rstats().reassemblies_expired, 1u);
}

TEST_F(Ikev2Robustness, NewRequestDropsAPartialReassembly) {
  established();
  std::uint32_t mid = r->next_peer_request_id;
  to_right(fragment(w::ExchangeType::kInformational, mid, 1, 2));
  EXPECT_EQ(held(), 1000u);
  // The peer sends that request unfragmented after all: the half reassembly is dead weight.
  to_right(crafted_sk(*l, w::ExchangeType::kInformational, mid, {}));
  EXPECT_EQ(r->next_peer_request_id, mid + 1);
  EXPECT_EQ(held(), 0u);
  EXPECT_EQ(rstats().reassemblies_superseded, 1u);
  // So does the first fragment of a newer message.
  to_right(fragment(w::ExchangeType::kInformational, mid + 1, 1, 3));
  EXPECT_EQ(held(), 1000u);
}

TEST_F(Ikev2Robustness, RetransmittedFragmentedRequestIsAnsweredOnce) {
  const std::string top = "oakley {\n fragment_size = 576\n}\n";
  const std::string esp =
      "aes128gcm16,aes256gcm16,aes128-sha256,aes256-sha256,aes128-sha1,aes256-sha512,"
      "aes192-sha384,aes128ctr-sha256,aes256ctr-sha384,aes128gcm16-x25519,aes256-sha256-modp2048";
  start(side_config(true, kSuite, esp, "", "", kPsk, top),
        side_config(false, kSuite, esp, "", "", kPsk, top));
  std::vector<Bytes> request;  // the IKE_AUTH request's fragments, as the left sent them
  net.filter = [&](const Datagram& d) {
    if (d.sender == 0 && is_ike_auth(d)) request.push_back(d.data);
    return true;
  };
  ASSERT_TRUE(initiate_left());
  net.filter = nullptr;
  ASSERT_GE(request.size(), 2u);
  auto answered = rstats().retransmits_answered;
  // The whole request again, as a peer that lost the response retransmits it.
  for (const auto& p : request)
    deliver(*right, *left, p);
  std::size_t responses = 0;
  for (const auto& d : net.queue)
    responses += d.sender == 1;
  EXPECT_EQ(rstats().retransmits_answered, answered + 1);
  EXPECT_EQ(rstats().fragment_retransmits_ignored, request.size() - 1);
  EXPECT_EQ(responses, sole_sa(*right->engine)->last_response->packets.size());
  net.queue.clear();
}

TEST_F(Ikev2Robustness, MessageLargerThanMaxPacketIsDroppedUnparsed) {
  established();
  std::uint32_t mid = r->next_peer_request_id;
  auto big = [&](std::size_t n) {
    return crafted_sk(*l, w::ExchangeType::kInformational, mid,
                      {w::Payload{w::VendorIdPayload{Bytes(n, 0x42)}, false}});
  };
  auto packet = big(10100);
  ASSERT_GT(packet.size(), 10000u);
  to_right(packet);
  EXPECT_EQ(rstats().oversized_messages, 1u);
  EXPECT_TRUE(net.queue.empty());
  EXPECT_EQ(r->next_peer_request_id, mid);
  // Within max_packet the same request is answered.
  to_right(big(9000));
  EXPECT_EQ(r->next_peer_request_id, mid + 1);
  EXPECT_FALSE(net.queue.empty());
}

}  // namespace
}  // namespace oakley::ikev2::testing
