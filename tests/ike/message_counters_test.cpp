// MessageCounters: rows per exchange, "other" for unknown exchange types, retransmissions told by
// the engine's retransmission count, and InboundCount's result from the counters that moved.
#include "ike/message_counters.hpp"

#include <gtest/gtest.h>

namespace oakley::ike {

// A stand-in for an engine's EngineStats and its inbound_result(), found by ADL as the engines'.
namespace fake {
struct Stats {
  std::uint64_t invalid = 0;
  std::uint64_t unknown = 0;
};
inline MessageResult inbound_result(const Stats& before, const Stats& after) {
  if (after.invalid != before.invalid) return MessageResult::kInvalid;
  if (after.unknown != before.unknown) return MessageResult::kUnknownSa;
  return MessageResult::kProcessed;
}
}  // namespace fake

namespace {

Bytes header_with_exchange(std::uint8_t exchange) {
  Bytes b(28, 0);
  b[18] = exchange;
  return b;
}

std::string text(const std::vector<MessageCounters::Row>& rows) {
  std::string out;
  for (const auto& r : rows) {
    out += std::string(r.exchange) + " " + std::string(message_direction_name(r.direction)) + " " +
           std::string(message_result_name(r.result)) + " " + std::to_string(r.count) + "\n";
  }
  return out;
}

TEST(MessageCounters, CountsByExchangeDirectionAndResult) {
  MessageCounters c(2);
  c.received(header_with_exchange(34), MessageResult::kProcessed);
  c.received(header_with_exchange(34), MessageResult::kProcessed);
  c.received(header_with_exchange(35), MessageResult::kInvalid);
  c.sent(header_with_exchange(34), 0);
  EXPECT_EQ(text(c.rows()),
            "IKE_SA_INIT in processed 2\n"
            "IKE_SA_INIT out sent 1\n"
            "IKE_AUTH in invalid 1\n");
}

TEST(MessageCounters, UnknownExchangesAndShortDatagramsAreOther) {
  MessageCounters c(2);
  for (int t = 0; t < 256; ++t)
    if (t < 34 || t > 37) c.received(header_with_exchange(static_cast<std::uint8_t>(t)), {});
  c.received(Bytes(27, 0), MessageResult::kInvalid);
  c.received(header_with_exchange(32), MessageResult::kProcessed);  // QUICK_MODE is IKEv1's
  // IKE_INTERMEDIATE (43) and IKE_FOLLOWUP_KE (44) have their own rows; the rest is "other".
  EXPECT_EQ(text(c.rows()),
            "IKE_INTERMEDIATE in processed 1\n"
            "IKE_FOLLOWUP_KE in processed 1\n"
            "other in processed 251\n"
            "other in invalid 1\n");
}

TEST(MessageCounters, Ikev1ExchangeNames) {
  MessageCounters c(1);
  c.received(header_with_exchange(2), MessageResult::kProcessed);
  c.received(header_with_exchange(32), MessageResult::kReplay);
  c.sent(header_with_exchange(5), 0);
  c.received(header_with_exchange(34), MessageResult::kInvalid);
  EXPECT_EQ(c.version(), 1);
  EXPECT_EQ(text(c.rows()),
            "ID_PROT in processed 1\n"
            "INFORMATIONAL_V1 out sent 1\n"
            "QUICK_MODE in replay 1\n"
            "other in invalid 1\n");
}

TEST(MessageCounters, SendAfterTheRetransmissionCountMovedIsARetransmission) {
  MessageCounters c(2);
  auto m = header_with_exchange(35);
  c.sent(m, 0);  // first transmission
  c.sent(m, 1);  // the engine counted a retransmission, then resent
  c.sent(m, 1);  // a new message
  c.sent(m, 3);
  EXPECT_EQ(text(c.rows()),
            "IKE_AUTH out retransmit 2\n"
            "IKE_AUTH out sent 2\n");
}

TEST(MessageCounters, InboundCountTakesTheResultFromTheCountersThatMoved) {
  MessageCounters c(2);
  fake::Stats stats;
  auto m = header_with_exchange(37);
  { InboundCount counted(c, m, stats); }
  {
    InboundCount counted(c, m, stats);
    ++stats.unknown;
  }
  {
    InboundCount counted(c, m, stats);
    ++stats.invalid;
  }
  EXPECT_EQ(text(c.rows()),
            "INFORMATIONAL in processed 1\n"
            "INFORMATIONAL in invalid 1\n"
            "INFORMATIONAL in unknown_sa 1\n");
}

}  // namespace
}  // namespace oakley::ike
