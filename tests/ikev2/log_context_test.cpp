// IKEv2 log context: two negotiations with one gateway at once; a trace of one peer or one
// connection never shows the other's lines, and every line carries its IKE SPIs.
#include "crafted.hpp"
#include "support/trace_scenario.hpp"
#include "two_engines.hpp"

namespace oakley::ikev2::testing {
namespace {

using LogContext = test_support::TraceScenario<Peer>;

TEST_F(LogContext, EveryLineOfANegotiationCarriesItsSpis) {
  run_both(2);
  expect_every_line_carries_its_spis();
}

TEST_F(LogContext, PeerTraceShowsOnlyThatPeersNegotiation) {
  run_both(2);
  expect_peer_trace_shows_one_negotiation();
}

// A line about a CHILD_SA carries its SPIs once they are known, as an IKE SA's line its SPIs.
TEST_F(LogContext, EveryLineNamingAChildCarriesItsSpis) {
  run_both(2);
  expect_child_lines_carry_their_spis();
}

TEST_F(LogContext, ConnectionTraceShowsOnlyThatConnection) {
  run_both(2);
  expect_connection_trace_shows_one_negotiation();
}

// A datagram no SA knows is still the traffic of its sender, with the SPIs of its header.
TEST_F(LogContext, UnknownSpiDropCarriesPeerAndHeaderSpis) {
  run_both(2);
  lines.clear();
  Bytes junk(28, 0);
  store_be64(junk.data(), 0x0123456789abcdef);
  store_be64(junk.data() + 8, 0xfedcba9876543210);
  junk[17] = 0x20;  // version 2.0
  junk[18] = 37;    // INFORMATIONAL
  store_be32(junk.data() + 24, 28);
  right->engine->on_packet(junk, {*IpAddress::parse("192.0.2.2"), 500},
                           {*IpAddress::parse("192.0.2.3"), 500});
  ASSERT_FALSE(lines.empty());
  for (const auto& l : lines) {
    ASSERT_TRUE(l.context) << l.text;
    EXPECT_EQ(l.context->peer, IpAddress::parse("192.0.2.3"));
    EXPECT_TRUE(l.text.starts_with("[0123456789abcdef_i fedcba9876543210_r] ")) << l.text;
  }
}

// An IKE_SA_INIT that creates no SA is still its sender's traffic and, once a connection is
// chosen for it, that connection's: a refused proposal shows in a trace of the peer and of the
// connection; a request no connection is configured for shows in a trace of its sender only.
TEST_F(LogContext, LinesWithoutAnSaReachTheTracesOfTheirPeerAndConnection) {
  run_both(2);
  lines.clear();
  const Endpoint gateway{*IpAddress::parse("192.0.2.2"), 500};
  right->engine->on_packet(forged_ike_sa_init(0x0102030405060708), gateway,
                           {*IpAddress::parse("192.0.2.3"), 500});
  right->engine->on_packet(forged_ike_sa_init(0x1112131415161718), gateway,
                           {*IpAddress::parse("198.51.100.9"), 500});
  auto shows = [&](const log::Filter& f, const std::string& part) {
    for (const auto& l : traced(f)) {
      if (l.text.find(part) != std::string::npos) return true;
    }
    return false;
  };
  log::Filter by_peer{log::Level::kDebug, "", IpAddress::parse("192.0.2.3")};
  log::Filter by_conn{log::Level::kDebug, "b", std::nullopt};
  log::Filter other_conn{log::Level::kDebug, "a", std::nullopt};
  log::Filter stranger{log::Level::kDebug, "", IpAddress::parse("198.51.100.9")};
  EXPECT_TRUE(shows(by_peer, "sending NO_PROPOSAL_CHOSEN")) << this->logs_text();
  EXPECT_TRUE(shows(by_conn, "sending NO_PROPOSAL_CHOSEN")) << this->logs_text();
  EXPECT_FALSE(shows(other_conn, "NO_PROPOSAL_CHOSEN"));
  EXPECT_TRUE(shows(stranger, "no IKEv2 connection configured for")) << this->logs_text();
  EXPECT_FALSE(shows(by_conn, "198.51.100.9"));
  EXPECT_FALSE(shows(by_peer, "198.51.100.9"));
}

}  // namespace
}  // namespace oakley::ikev2::testing
