#include "ike/sa_registry.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace oakley::ike {
namespace {

struct Connection {
  std::string name;
};

// The members SaRegistry relies on, as both engines' SA types have them.
struct FakeSa {
  FakeSa(std::uint32_t sa_id, std::string what) : id(sa_id), label(std::move(what)) {}
  const std::uint32_t id;
  std::string label;
  const Connection* connection = nullptr;
};

std::vector<std::uint32_t> ids_of(const std::vector<FakeSa*>& sas) {
  std::vector<std::uint32_t> out;
  for (const auto* sa : sas)
    out.push_back(sa->id);
  return out;
}

WireId email(const std::string& text) {
  return {3, Bytes(text.begin(), text.end())};
}

TEST(SaIds, IkeAndChildIdsCountApartAndNeverRepeat) {
  SaIds ids;
  EXPECT_EQ(ids.next_ike_id(), 1u);
  EXPECT_EQ(ids.next_child_id(), 1u);
  EXPECT_EQ(ids.next_ike_id(), 2u);
  EXPECT_EQ(ids.next_child_id(), 2u);
}

TEST(SaRegistry, TwoRegistriesOfOneAllocatorNeverShareAnId) {
  SaIds ids;
  SaRegistry<FakeSa> v2(ids), v1(ids);
  auto& a = v2.emplace(0x1111, "a");
  auto& b = v1.emplace(0x1111, "b");  // the same SPI in another engine is no conflict
  auto& c = v2.emplace(0x2222, "c");
  EXPECT_EQ(a.id, 1u);
  EXPECT_EQ(b.id, 2u);
  EXPECT_EQ(c.id, 3u);
  EXPECT_EQ(v2.find(b.id), nullptr);
  EXPECT_EQ(v1.find(b.id), &b);
  EXPECT_EQ(v2.next_child_id(), 1u);
  EXPECT_EQ(v1.next_child_id(), 2u);
}

TEST(SaRegistry, FindsBySpiAndIdUntilErased) {
  SaIds ids;
  SaRegistry<FakeSa> sas(ids);
  auto& a = sas.emplace(0xaaaa, "a");
  auto& b = sas.emplace(0xbbbb, "b");
  EXPECT_EQ(a.label, "a");
  EXPECT_EQ(sas.find_by_spi(0xbbbb), &b);
  EXPECT_EQ(sas.find(a.id), &a);
  EXPECT_TRUE(sas.spi_in_use(0xaaaa));
  EXPECT_FALSE(sas.spi_in_use(0xcccc));
  EXPECT_EQ(sas.size(), 2u);
  std::uint32_t a_id = a.id;
  sas.erase(a);
  EXPECT_EQ(sas.find(a_id), nullptr);
  EXPECT_EQ(sas.find_by_spi(0xaaaa), nullptr);
  EXPECT_FALSE(sas.spi_in_use(0xaaaa));
  EXPECT_EQ(sas.size(), 1u);
  const auto& constant = sas;
  EXPECT_EQ(constant.find(b.id), &b);
}

TEST(SaRegistry, WalksInIdOrder) {
  SaIds ids;
  SaRegistry<FakeSa> sas(ids);
  // SPIs in falling order: the walk follows the ids, not the SPIs.
  for (std::uint64_t spi = 9; spi > 0; --spi)
    sas.emplace(spi, "x");
  std::vector<std::uint32_t> seen;
  for (FakeSa* sa : sas)
    seen.push_back(sa->id);
  EXPECT_EQ(seen, sas.ids());
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  EXPECT_EQ(seen.size(), 9u);
  const auto& constant = sas;
  std::size_t n = 0;
  for (const FakeSa* sa : constant)
    n += sa != nullptr;
  EXPECT_EQ(n, 9u);
}

TEST(SaRegistry, SasOfAConnectionOldestFirst) {
  SaIds ids;
  SaRegistry<FakeSa> sas(ids);
  Connection t{"t"}, u{"u"};
  auto& a = sas.emplace(1, "a");
  auto& b = sas.emplace(2, "b");
  auto& c = sas.emplace(3, "c");
  sas.emplace(4, "no connection yet");
  c.connection = &t;
  a.connection = &t;
  b.connection = &u;
  EXPECT_EQ(ids_of(sas.of_connection("t")), (std::vector<std::uint32_t>{a.id, c.id}));
  EXPECT_EQ(ids_of(sas.of_connection("u")), std::vector<std::uint32_t>{b.id});
  EXPECT_TRUE(sas.of_connection("v").empty());
  const auto& constant = sas;
  EXPECT_EQ(constant.of_connection("t").size(), 2u);
}

TEST(SaRegistry, IdentityIndexFindsTheSasOfTheSamePeers) {
  SaIds ids;
  SaRegistry<FakeSa> sas(ids);
  auto key = IdentityIndex::key("t", email("a@x"), email("b@x"));
  auto other = IdentityIndex::key("t", email("a@x"), email("c@x"));
  auto& a = sas.emplace(1, "a");
  auto& b = sas.emplace(2, "b");
  auto& c = sas.emplace(3, "c");
  sas.index_identity(b, key);
  sas.index_identity(a, key);
  sas.index_identity(a, key);  // again: still once
  sas.index_identity(c, other);
  EXPECT_EQ(ids_of(sas.with_identity(key)), (std::vector<std::uint32_t>{a.id, b.id}));
  EXPECT_EQ(ids_of(sas.with_identity(other)), std::vector<std::uint32_t>{c.id});
  sas.index_identity(c, key);  // an SA is under one key: it moves
  EXPECT_TRUE(sas.with_identity(other).empty());
  EXPECT_EQ(sas.with_identity(key).size(), 3u);
  sas.erase(b);
  EXPECT_EQ(ids_of(sas.with_identity(key)), (std::vector<std::uint32_t>{a.id, c.id}));
}

TEST(IdentityIndex, KeysDoNotCollideAcrossPartBoundaries) {
  EXPECT_NE(IdentityIndex::key("ab", email("c"), email("d")),
            IdentityIndex::key("a", email("bc"), email("d")));
  EXPECT_NE(IdentityIndex::key("t", email("a"), email("b")),
            IdentityIndex::key("t", email("b"), email("a")));
  EXPECT_NE(IdentityIndex::key("t", WireId{2, {'a'}}, email("b")),
            IdentityIndex::key("t", email("a"), email("b")));
  EXPECT_EQ(IdentityIndex::key("t", email("a"), email("b")),
            IdentityIndex::key("t", email("a"), email("b")));
}

TEST(Completions, RunOnceInOrderWithTheOutcome) {
  Completions waiting;
  std::vector<std::string> ran;
  waiting.add(7, [&](const Status& s) { ran.push_back(s ? "7a ok" : "7a " + s.error().message); });
  waiting.add(8, [&](const Status&) { ran.push_back("8"); });
  waiting.add(7, [&](const Status& s) { ran.push_back(s ? "7b ok" : "7b failed"); });
  waiting.add(7, nullptr);  // waits for nothing: not kept
  EXPECT_EQ(waiting.size(), 3u);
  waiting.complete(7, make_error("gone"));
  EXPECT_EQ(ran, (std::vector<std::string>{"7a gone", "7b failed"}));
  waiting.complete(7, Status{});
  EXPECT_EQ(ran.size(), 2u);
  auto taken = waiting.take(8);
  ASSERT_EQ(taken.size(), 1u);
  EXPECT_EQ(waiting.size(), 0u);
  taken[0](Status{});
  EXPECT_EQ(ran.back(), "8");
}

TEST(Completions, ACompletionMayWaitAgainWithoutRunningNow) {
  Completions waiting;
  int runs = 0;
  waiting.add(1, [&](const Status&) {
    ++runs;
    waiting.add(1, [&](const Status&) { ++runs; });
  });
  waiting.complete(1, Status{});
  EXPECT_EQ(runs, 1);
  waiting.complete(1, Status{});
  EXPECT_EQ(runs, 2);
}

TEST(Completions, SplitReportsOnceWhenAllPartsSucceed) {
  std::vector<Status> results;
  auto parts = split([&](const Status& s) { results.push_back(s); }, 3);
  ASSERT_EQ(parts.size(), 3u);
  parts[2](Status{});
  parts[0](Status{});
  EXPECT_TRUE(results.empty());
  parts[1](Status{});
  ASSERT_EQ(results.size(), 1u);
  EXPECT_TRUE(results[0]);
}

TEST(Completions, SplitReportsTheFirstFailureAtOnceAndNothingAfter) {
  std::vector<std::string> results;
  auto parts = split([&](const Status& s) { results.push_back(s ? "ok" : s.error().message); }, 3);
  parts[1](make_error("child b refused"));
  EXPECT_EQ(results, std::vector<std::string>{"child b refused"});
  parts[0](Status{});
  parts[2](make_error("child c refused"));
  EXPECT_EQ(results.size(), 1u);
}

TEST(Completions, SplitIntoNoPartsReportsAtOnce) {
  int runs = 0;
  EXPECT_TRUE(split([&](const Status& s) { runs += s ? 1 : 100; }, 0).empty());
  EXPECT_EQ(runs, 1);
  auto unwatched = split(nullptr, 2);  // nobody waits: the parts still may be run
  ASSERT_EQ(unwatched.size(), 2u);
  unwatched[0](make_error("refused"));
  unwatched[1](Status{});
}

}  // namespace
}  // namespace oakley::ike
