// IKEv1 log context: two Main Mode + Quick Mode negotiations with one gateway at once; a trace of
// one peer or one connection never shows the other's lines, and every line carries its cookies.
#include "support/trace_scenario.hpp"
#include "two_engines.hpp"

namespace oakley::ikev1::testing {
namespace {

using LogContext = test_support::TraceScenario<Peer>;

TEST_F(LogContext, EveryLineOfANegotiationCarriesItsCookies) {
  run_both(1);
  expect_every_line_carries_its_spis();
}

TEST_F(LogContext, PeerTraceShowsOnlyThatPeersNegotiation) {
  run_both(1);
  expect_peer_trace_shows_one_negotiation();
}

// A line about a CHILD_SA carries its SPIs once they are known, as an IKE SA's line its SPIs.
TEST_F(LogContext, EveryLineNamingAChildCarriesItsSpis) {
  run_both(1);
  expect_child_lines_carry_their_spis();
}

TEST_F(LogContext, ConnectionTraceShowsOnlyThatConnection) {
  run_both(1);
  expect_connection_trace_shows_one_negotiation();
}

// Lines about an IPsec SA pair add its SPIs once they are known.
TEST_F(LogContext, ChildLinesCarryTheChildSpis) {
  run_both(1);
  auto b = gateway_sa("b");
  ASSERT_EQ(b.children.size(), 1u);
  lines.clear();
  ASSERT_TRUE(right->engine->rekey_child(b.children[0].id, nullptr));
  settle(std::chrono::seconds(2));
  bool seen = false;
  for (const auto& l : lines) {
    if (!l.context || !l.context->has_child_spis()) continue;
    seen = true;
    EXPECT_NE(l.text.find(fmt::format("{:08x}_i {:08x}_o", l.context->child_spi_in,
                                      l.context->child_spi_out)),
              std::string::npos)
        << l.text;
  }
  EXPECT_TRUE(seen) << "no line named an IPsec SA pair's SPIs";
}

}  // namespace
}  // namespace oakley::ikev1::testing
