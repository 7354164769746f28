// DnsResolver: getaddrinfo on threads of its own, the answer on the loop thread. Only answers that
// need no DNS server: /etc/hosts' localhost and numeric names.
#include "net/dns_resolver.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "loop_helpers.hpp"

namespace oakley::net {
namespace {

IpAddress ip(const char* text) {
  return *IpAddress::parse(text);
}

TEST(DnsResolver, ResolvesLocalhostFromTheHostsFile) {
  auto r = resolve_name_blocking("localhost", IpAddress::Family::kV4);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r.value(), std::vector<IpAddress>{ip("127.0.0.1")});  // once, not per socket type
}

TEST(DnsResolver, NumericNamesAndFamilies) {
  auto v6 = resolve_name_blocking("2001:db8::1", std::nullopt);
  ASSERT_TRUE(v6.ok()) << v6.error().message;
  EXPECT_EQ(v6.value(), std::vector<IpAddress>{ip("2001:db8::1")});
  auto wrong = resolve_name_blocking("2001:db8::1", IpAddress::Family::kV4);
  ASSERT_FALSE(wrong.ok());
  EXPECT_FALSE(wrong.error().message.empty());
}

TEST(DnsResolver, AnswersOnTheLoopThread) {
  EventLoop loop;
  DnsResolver resolver(loop);
  std::thread::id loop_thread, done_thread;
  std::optional<NameResolver::Addresses> got;
  bool inside = true;
  loop.post([&] {
    loop_thread = std::this_thread::get_id();
    resolver.resolve("localhost", IpAddress::Family::kV4, [&](NameResolver::Addresses r) {
      done_thread = std::this_thread::get_id();
      EXPECT_FALSE(inside);  // never from inside resolve()
      got = std::move(r);
    });
    inside = false;
  });
  ASSERT_TRUE(testing::run_until(loop, [&] { return got.has_value(); }));
  EXPECT_EQ(done_thread, loop_thread);
  ASSERT_TRUE(got->ok()) << got->error().message;
  EXPECT_EQ(got->value().front(), ip("127.0.0.1"));
}

}  // namespace
}  // namespace oakley::net
