// Attacks on IKEv1 fragment reassembly (FRAG payloads are not authenticated): fragments for
// cookies no SA has, floods of first-message fragments from spoofed addresses, numbering that is
// not exactly 1..LAST, per-SA and global limits, expiry. Each attack leaves a legitimate peer's
// fragmented message reassembled and holds nothing it should not.
#include <random>

#include "ikev1/exchanges/fragments.hpp"
#include "two_engines.hpp"

namespace oakley::ikev1::testing {
namespace {

namespace w = wire::ikev1;
using w::ExchangeType;
using Verdict = FragmentReassembler::Verdict;

// One datagram carrying one FRAG payload, with the given header (flags cleared).
Bytes fragment_datagram(w::Header h, std::uint16_t id, std::uint8_t number, bool last,
                        ByteView data) {
  w::FragmentPayload f;
  f.id = id;
  f.number = number;
  f.flags = last ? w::kFragmentLast : 0;
  f.data.assign(data.begin(), data.end());
  w::Message m;
  m.header = h;
  m.header.flags = 0;
  m.payloads = {w::Payload{std::move(f)}};
  return *w::encode(m);
}

// Cuts `d` into pieces.size() chunks, the i-th sent as fragment number pieces[i], LAST on the
// piece numbered `last`; queued in the order given.
void cut_into(FakeNet& net, const Datagram& d, const std::vector<std::uint8_t>& pieces,
              std::uint8_t last) {
  auto h = header_of(d);
  std::size_t chunk = d.data.size() / pieces.size() + 1;
  std::vector<Datagram> out;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    std::size_t at = std::min(i * chunk, d.data.size());
    std::size_t end = std::min(at + chunk, d.data.size());
    Datagram piece = d;
    piece.data = fragment_datagram(h, 7, pieces[i], pieces[i] == last,
                                   ByteView(d.data).subspan(at, end - at));
    out.push_back(std::move(piece));
  }
  for (auto it = out.rbegin(); it != out.rend(); ++it)
    net.queue.push_front(*it);
}

bool is_mm5(const Datagram& d) {
  auto h = header_of(d);
  return d.sender == 0 && h.encrypted() && h.exchange_type == ExchangeType::kIdentityProtection;
}

class FragmentAttacks : public TwoEngines {
 protected:
  // Every MM5 (retransmissions too) arrives cut into pieces 1..3, so the tunnel comes up only if
  // the responder reassembles it.
  void fragment_every_mm5(std::vector<std::uint8_t> pieces = {1, 2, 3}, std::uint8_t last = 3) {
    net.filter = [this, pieces, last](const Datagram& d) {
      if (!is_mm5(d)) return true;
      cut_into(net, d, pieces, last);
      return false;
    };
  }
  Endpoint right_end() const { return Endpoint{right->address, 500}; }
  static Endpoint spoofed(int i) {
    return Endpoint{IpAddress::v4(0xc6336400u + static_cast<std::uint32_t>(i % 250) +
                                  (static_cast<std::uint32_t>(i / 250) << 8)),
                    500};
  }
  // The right side answers any address (a road-warrior gateway), so spoofed first messages are
  // ones it could answer.
  void start_gateway() {
    std::string right_text = side_config(false);
    auto at = right_text.find("remote_addrs = 192.0.2.1");
    right_text.replace(at, std::string("remote_addrs = 192.0.2.1").size(), "remote_addrs = %any");
    start(side_config(true), right_text);
  }
  // Every first message of the left side arrives cut into pieces 1 and 2.
  void fragment_first_messages() {
    net.filter = [this](const Datagram& d) {
      auto h = header_of(d);
      if (d.sender != 0 || h.responder_cookie != 0 || h.next_payload == w::PayloadType::kFragment)
        return true;
      cut_into(net, d, {1, 2}, 2);
      return false;
    };
  }
  std::mt19937_64 rng{42};
};

TEST_F(FragmentAttacks, FragmentsForCookiesNoSaHasAreNotKept) {
  start(SideOptions{});
  fragment_every_mm5();
  // An attacker who never saw an MM2 invents responder cookies: 200 first pieces, none kept.
  Bytes junk(200, 0xab);
  for (int i = 0; i < 200; ++i) {
    w::Header h;
    h.initiator_cookie = rng();
    h.responder_cookie = rng() | 1;
    h.exchange_type = ExchangeType::kIdentityProtection;
    right->engine->on_packet(fragment_datagram(h, static_cast<std::uint16_t>(i), 1, false, junk),
                             right_end(), spoofed(0));
  }
  EXPECT_EQ(right->engine->stats().fragments_unknown_sa, 200u);
  EXPECT_EQ(right->engine->fragments_pending(), 0u);
  // The peer's own fragmented MM5 still finds room.
  ASSERT_TRUE(initiate_left()) << logs_text();
  EXPECT_EQ(right->engine->stats().messages_reassembled, 1u);
  expect_mirrored_child(*left, *right);
}

TEST_F(FragmentAttacks, SpoofedFirstMessageFragmentsCannotCrowdOutAnSa) {
  start_gateway();
  fragment_every_mm5();
  // First-message pieces (no responder cookie yet) from 300 spoofed addresses: only a small pool
  // of them is kept, apart from the reassemblies of ISAKMP SAs.
  Bytes junk(1000, 0xcd);
  for (int i = 0; i < 300; ++i) {
    w::Header h;
    h.initiator_cookie = rng();
    h.exchange_type = ExchangeType::kIdentityProtection;
    right->engine->on_packet(fragment_datagram(h, 1, 1, false, junk), right_end(), spoofed(i));
  }
  EXPECT_EQ(right->engine->fragments_pending(), FragmentReassembler::kMaxUnbound);
  EXPECT_EQ(right->engine->stats().fragments_over_limit, 300u - FragmentReassembler::kMaxUnbound);
  net.queue.clear();
  ASSERT_TRUE(initiate_left()) << logs_text();
  EXPECT_EQ(right->engine->stats().messages_reassembled, 1u);
}

TEST_F(FragmentAttacks, OneAddressGetsAtMostTwoFirstMessageReassemblies) {
  start_gateway();
  Bytes junk(100, 0x11);
  for (int i = 0; i < 10; ++i) {
    w::Header h;
    h.initiator_cookie = rng();
    h.exchange_type = ExchangeType::kAggressive;
    right->engine->on_packet(fragment_datagram(h, 1, 1, false, junk), right_end(), spoofed(3));
  }
  EXPECT_EQ(right->engine->fragments_pending(), FragmentReassembler::kMaxUnboundPerAddress);
  EXPECT_EQ(right->engine->stats().fragments_over_limit,
            10u - FragmentReassembler::kMaxUnboundPerAddress);
}

TEST_F(FragmentAttacks, PiecesNumberedBeyondLastAreRefused) {
  start(SideOptions{});
  // Pieces 1, 3 and 4 with LAST on 3: three pieces, as many as LAST says, but not 1..3.
  fragment_every_mm5({1, 3, 4}, 3);
  EXPECT_FALSE(initiate_left());
  EXPECT_GE(right->engine->stats().fragments_inconsistent, 1u);
  EXPECT_EQ(right->engine->stats().messages_reassembled, 0u);
  EXPECT_EQ(right->engine->stats().phase1_established, 0u);
}

TEST_F(FragmentAttacks, AFragmentedFirstMessageIsReassembledWhenFragmentationIsAllowed) {
  start(SideOptions{});
  fragment_first_messages();
  ASSERT_TRUE(initiate_left()) << logs_text();
  EXPECT_EQ(right->engine->stats().messages_reassembled, 1u);
}

TEST_F(FragmentAttacks, FirstMessageFragmentsNeedAConnectionThatAllowsFragmentation) {
  SideOptions no_frag;
  no_frag.extra_conn = "fragmentation = no";
  start(side_config(true), side_config(false, no_frag));
  fragment_first_messages();
  EXPECT_FALSE(initiate_left());
  EXPECT_GE(right->engine->stats().fragments_unnegotiated, 2u);
  EXPECT_EQ(right->engine->fragments_pending(), 0u);
  EXPECT_EQ(right->engine->ike_sa_count(), 0u);
}

TEST_F(FragmentAttacks, PartialReassembliesExpire) {
  start_gateway();
  w::Header h;
  h.initiator_cookie = 0x1234;
  h.exchange_type = ExchangeType::kIdentityProtection;
  Bytes junk(100, 0x22);
  right->engine->on_packet(fragment_datagram(h, 1, 1, false, junk), right_end(), spoofed(1));
  EXPECT_EQ(right->engine->fragments_pending(), 1u);
  timers.run_until(timers.now() + FragmentReassembler::kTimeout + std::chrono::seconds(1));
  h.initiator_cookie = 0x5678;
  right->engine->on_packet(fragment_datagram(h, 1, 1, false, junk), right_end(), spoofed(2));
  EXPECT_EQ(right->engine->stats().reassemblies_expired, 1u);
  EXPECT_EQ(right->engine->fragments_pending(), 1u);
}

// ---- the reassembler on its own
// ------------------------------------------------------------------

w::FragmentPayload piece(std::uint16_t id, std::uint8_t number, bool last, std::size_t size = 10) {
  return w::FragmentPayload{id, number, static_cast<std::uint8_t>(last ? w::kFragmentLast : 0),
                            Bytes(size, number)};
}

TEST(FragmentReassembler, PiecesAfterLastAreInconsistentInAnyOrder) {
  FragmentOwner sa{5, 0, {}};
  TimePoint now{};
  for (auto order : {std::vector<int>{1, 3, 4}, std::vector<int>{1, 4, 3}}) {
    FragmentReassembler r;
    std::vector<Verdict> got;
    for (int n : order)
      got.push_back(r.add(sa, piece(1, static_cast<std::uint8_t>(n), n == 3), now).verdict);
    EXPECT_EQ(got.back(), Verdict::kInconsistent);
    EXPECT_EQ(r.pending(), 0u);
    EXPECT_EQ(r.pending_bytes(), 0u);
  }
}

TEST(FragmentReassembler, TwoLastPiecesAreInconsistent) {
  FragmentReassembler r;
  FragmentOwner sa{5, 0, {}};
  EXPECT_EQ(r.add(sa, piece(1, 3, true), {}).verdict, Verdict::kKept);
  EXPECT_EQ(r.add(sa, piece(1, 2, true), {}).verdict, Verdict::kInconsistent);
}

TEST(FragmentReassembler, ExactlyOneToLastInAnyOrderIsTheMessage) {
  FragmentReassembler r;
  FragmentOwner sa{5, 0, {}};
  EXPECT_EQ(r.add(sa, piece(1, 3, true, 1), {}).verdict, Verdict::kKept);
  EXPECT_EQ(r.add(sa, piece(1, 1, false, 1), {}).verdict, Verdict::kKept);
  EXPECT_EQ(r.add(sa, piece(1, 1, false, 1), {}).verdict, Verdict::kDuplicate);
  auto done = r.add(sa, piece(1, 2, false, 1), {});
  ASSERT_EQ(done.verdict, Verdict::kComplete);
  EXPECT_EQ(*done.whole, (Bytes{1, 2, 3}));
  EXPECT_EQ(r.pending(), 0u);
}

TEST(FragmentReassembler, AnSaHoldsAtMostTwoReassembliesAndOthersStillFit) {
  FragmentReassembler r;
  FragmentOwner a{5, 0, {}}, b{6, 0, {}};
  EXPECT_EQ(r.add(a, piece(1, 1, false), {}).verdict, Verdict::kKept);
  EXPECT_EQ(r.add(a, piece(2, 1, false), {}).verdict, Verdict::kKept);
  EXPECT_EQ(r.add(a, piece(3, 1, false), {}).verdict, Verdict::kOverLimit);
  EXPECT_EQ(r.add(b, piece(1, 1, false), {}).verdict, Verdict::kKept);
  EXPECT_EQ(r.pending(), 3u);
  r.forget_sa(5);
  EXPECT_EQ(r.pending(), 1u);
  EXPECT_EQ(r.pending_bytes(), 10u);
}

TEST(FragmentReassembler, BytesAreCappedPerMessageAndInAll) {
  FragmentReassembler r;
  FragmentOwner a{5, 0, {}};
  EXPECT_EQ(r.add(a, piece(1, 1, false, 60000), {}).verdict, Verdict::kKept);
  EXPECT_EQ(r.add(a, piece(1, 2, false, 6000), {}).verdict, Verdict::kOverLimit);
  EXPECT_EQ(r.pending_bytes(), 0u);
  // 2 MiB in all: 40 SAs of 60000-byte pieces fill it, the next one is refused.
  std::size_t kept = 0;
  for (std::uint32_t sa = 10; sa < 50; ++sa)
    kept +=
        r.add(FragmentOwner{sa, 0, {}}, piece(1, 1, false, 60000), {}).verdict == Verdict::kKept;
  EXPECT_EQ(kept, FragmentReassembler::kMaxTotalBytes / 60000);
  EXPECT_LE(r.pending_bytes(), FragmentReassembler::kMaxTotalBytes);
}

TEST(FragmentReassembler, ExpiredReassembliesAreDropped) {
  FragmentReassembler r;
  TimePoint t0{};
  r.add(FragmentOwner{5, 0, {}}, piece(1, 1, false), t0);
  r.add(FragmentOwner{6, 0, {}}, piece(1, 1, false), t0 + std::chrono::seconds(20));
  EXPECT_EQ(r.expire(t0 + FragmentReassembler::kTimeout + std::chrono::seconds(1)), 1u);
  EXPECT_EQ(r.pending(), 1u);
}

}  // namespace
}  // namespace oakley::ikev1::testing
