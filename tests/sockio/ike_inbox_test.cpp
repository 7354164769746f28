// The bounded hand-off of IKE datagrams from data-plane threads to the IKE loop.
#include "sockio/ike_inbox.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace oakley::sockio {
namespace {

const Endpoint kLocal{*IpAddress::parse("192.0.2.1"), 4500};
const Endpoint kRemote{*IpAddress::parse("198.51.100.7"), 61000};

Bytes message(std::size_t size, std::uint8_t tag) {
  Bytes m(size, 0);
  if (size) m[0] = tag;
  return m;
}

TEST(IkeInbox, DeliversInOrderWithEndpoints) {
  IkeInbox inbox;
  ASSERT_TRUE(inbox.offer(message(30, 1), kLocal, kRemote));
  ASSERT_TRUE(inbox.offer(message(40, 2), kLocal, kRemote));
  std::vector<InboxDatagram> got;
  EXPECT_EQ(inbox.drain([&](InboxDatagram& d) { got.push_back(std::move(d)); }), 2u);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].message, message(30, 1));
  EXPECT_EQ(got[1].message, message(40, 2));
  EXPECT_EQ(got[0].local, kLocal);
  EXPECT_EQ(got[0].remote, kRemote);
  EXPECT_EQ(inbox.size(), 0u);
}

TEST(IkeInbox, CountLimitDropsAndCounts) {
  IkeInbox inbox({.max_datagrams = 4, .max_bytes = 1 << 20});
  int accepted = 0;
  for (int i = 0; i < 10; ++i)
    accepted += inbox.offer(message(30, static_cast<std::uint8_t>(i)), kLocal, kRemote);
  EXPECT_EQ(accepted, 4);
  EXPECT_EQ(inbox.size(), 4u);
  EXPECT_EQ(inbox.accepted(), 4u);
  EXPECT_EQ(inbox.dropped_full(), 6u);
  std::vector<std::uint8_t> tags;
  inbox.drain([&](InboxDatagram& d) { tags.push_back(d.message[0]); });
  EXPECT_EQ(tags, (std::vector<std::uint8_t>{0, 1, 2, 3}));   // the earliest are kept
  EXPECT_TRUE(inbox.offer(message(30, 9), kLocal, kRemote));  // room again after a drain
}

// Large datagrams hit the byte limit long before the count limit.
TEST(IkeInbox, ByteLimitDropsLargeDatagrams) {
  IkeInbox inbox({.max_datagrams = 100, .max_bytes = 100000});
  int accepted = 0;
  for (int i = 0; i < 10; ++i)
    accepted += inbox.offer(message(30000, 0), kLocal, kRemote);
  EXPECT_EQ(accepted, 3);
  EXPECT_EQ(inbox.dropped_full(), 7u);
  EXPECT_TRUE(inbox.offer(message(1000, 0), kLocal, kRemote));  // a small one still fits
}

// The consumer is woken once per batch, not once per datagram.
TEST(IkeInbox, OneWakeUpPerBatch) {
  IkeInbox inbox;
  int wakes = 0;
  inbox.set_wake([&] { ++wakes; });
  for (int i = 0; i < 50; ++i)
    inbox.offer(message(30, 0), kLocal, kRemote);
  EXPECT_EQ(wakes, 1);
  EXPECT_EQ(inbox.drain([](InboxDatagram&) {}), 50u);
  inbox.offer(message(30, 0), kLocal, kRemote);
  EXPECT_EQ(wakes, 2);
  EXPECT_EQ(inbox.wakeups(), 2u);
}

// What arrives while a batch is being handled waits for the next wake-up, and is not lost.
TEST(IkeInbox, OfferDuringDrainSchedulesAnotherWakeUp) {
  IkeInbox inbox;
  int wakes = 0;
  inbox.set_wake([&] { ++wakes; });
  inbox.offer(message(30, 1), kLocal, kRemote);
  inbox.drain([&](InboxDatagram&) { inbox.offer(message(30, 2), kLocal, kRemote); });
  EXPECT_EQ(wakes, 2);
  EXPECT_EQ(inbox.size(), 1u);
}

// Many producers at once (the data plane has one thread per core): every datagram is either
// delivered or counted as dropped, the queue never exceeds its limit.
TEST(IkeInbox, ConcurrentProducersAreBounded) {
  IkeInbox inbox({.max_datagrams = 64, .max_bytes = 1 << 20});
  std::atomic<bool> stop{false};
  std::atomic<std::size_t> delivered{0};
  std::atomic<std::size_t> max_seen{0};
  std::atomic<int> wakes{0};
  inbox.set_wake([&] { wakes.fetch_add(1); });
  std::thread consumer([&] {
    while (!stop.load()) {
      std::size_t n = inbox.size();
      if (n > max_seen.load()) max_seen.store(n);
      delivered += inbox.drain([](InboxDatagram&) {});
    }
    delivered += inbox.drain([](InboxDatagram&) {});
  });
  std::vector<std::thread> producers;
  for (int t = 0; t < 4; ++t)
    producers.emplace_back([&] {
      for (int i = 0; i < 5000; ++i)
        inbox.offer(message(40, 0), kLocal, kRemote);
    });
  for (auto& p : producers)
    p.join();
  stop = true;
  consumer.join();
  EXPECT_EQ(delivered.load() + inbox.dropped_full(), 20000u);
  EXPECT_EQ(inbox.accepted(), delivered.load());
  EXPECT_LE(max_seen.load(), 64u);
  EXPECT_GE(wakes.load(), 1);
}

}  // namespace
}  // namespace oakley::sockio
