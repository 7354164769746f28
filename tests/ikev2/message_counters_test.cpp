// The IKEv2 engine counts its messages by exchange, direction and result (metrics endpoint).
#include "two_engines.hpp"

namespace oakley::ikev2::testing {
namespace {

using namespace std::chrono_literals;

std::uint64_t count(const Peer& p, std::string_view exchange, ike::MessageDirection d,
                    ike::MessageResult r) {
  for (const auto& row : p.engine->message_counters().rows())
    if (row.exchange == exchange && row.direction == d && row.result == r) return row.count;
  return 0;
}

using D = ike::MessageDirection;
using R = ike::MessageResult;

TEST_F(TwoEngines, MessagesAreCountedByExchangeDirectionAndResult) {
  start(side_config(true), side_config(false));
  auto st = initiate_left();
  ASSERT_TRUE(st) << st.error().message;
  for (const auto* exchange : {"IKE_SA_INIT", "IKE_AUTH"}) {
    EXPECT_EQ(count(*left, exchange, D::kOut, R::kSent), 1u) << exchange;
    EXPECT_EQ(count(*right, exchange, D::kIn, R::kProcessed), 1u) << exchange;
    EXPECT_EQ(count(*right, exchange, D::kOut, R::kSent), 1u) << exchange;
    EXPECT_EQ(count(*left, exchange, D::kIn, R::kProcessed), 1u) << exchange;
  }
  // A datagram for an SA nobody has, and one that does not parse.
  Bytes garbage(40, 0x5a);
  right->engine->on_packet(garbage, {right->address, 500}, {left->address, 500});
  EXPECT_EQ(count(*right, "other", D::kIn, R::kInvalid), 1u);
  Bytes unknown(28, 0);
  unknown[0] = 1;      // initiator SPI
  unknown[8] = 2;      // responder SPI
  unknown[17] = 0x20;  // IKEv2
  unknown[18] = 37;    // INFORMATIONAL
  unknown[19] = 0x08;  // from the original initiator
  unknown[27] = 28;    // length
  right->engine->on_packet(unknown, {right->address, 500}, {left->address, 500});
  EXPECT_EQ(count(*right, "INFORMATIONAL", D::kIn, R::kUnknownSa), 1u);
}

TEST_F(TwoEngines, RetransmissionsAreCountedBothWays) {
  start(side_config(true), side_config(false));
  int responses = 0;
  net.filter = [&](const Datagram& d) {
    return !(d.sender == 1 && ++responses == 2);  // lose the IKE_AUTH response once
  };
  std::optional<Status> result;
  ASSERT_TRUE(left->engine->initiate("t", "net", [&](const Status& s) { result = s; }));
  settle(30s);
  ASSERT_TRUE(result && *result);
  EXPECT_EQ(count(*left, "IKE_AUTH", D::kOut, R::kSent), 1u);
  EXPECT_EQ(count(*left, "IKE_AUTH", D::kOut, R::kRetransmit), 1u);
  EXPECT_EQ(count(*right, "IKE_AUTH", D::kIn, R::kRetransmit), 1u);
  EXPECT_EQ(count(*right, "IKE_AUTH", D::kOut, R::kRetransmit), 1u);
}

}  // namespace
}  // namespace oakley::ikev2::testing
