// Stateless cookies across a change of the cookie secret (RFC 7296 2.6): a COOKIE handed out just
// before the change is still accepted, one older than the previous secret is not.
#include "ikev2/exchanges/cookie.hpp"
#include "two_engines.hpp"
#include "wire/ikev2/message.hpp"

namespace oakley::ikev2::testing {
namespace {

using namespace std::chrono_literals;
namespace w = wire::ikev2;

const IpAddress kPeer = *IpAddress::parse("192.0.2.1");
const Bytes kNonce(32, 0x11);

TEST(CookieSecrets, PreviousSecretStaysValidForOneRotation) {
  CookieSecrets secrets;
  Bytes cookie = secrets.make(kNonce, kPeer, 0x1234);
  EXPECT_EQ(cookie[0], secrets.version());
  EXPECT_TRUE(secrets.verify(cookie, kNonce, kPeer, 0x1234));
  secrets.rotate();
  EXPECT_NE(cookie[0], secrets.version());
  EXPECT_TRUE(secrets.verify(cookie, kNonce, kPeer, 0x1234));
  secrets.rotate();
  EXPECT_FALSE(secrets.verify(cookie, kNonce, kPeer, 0x1234));
}

TEST(CookieSecrets, CookieIsBoundToNonceAddressAndSpi) {
  CookieSecrets secrets;
  Bytes cookie = secrets.make(kNonce, kPeer, 0x1234);
  EXPECT_FALSE(secrets.verify(cookie, Bytes(32, 0x12), kPeer, 0x1234));
  EXPECT_FALSE(secrets.verify(cookie, kNonce, *IpAddress::parse("192.0.2.9"), 0x1234));
  EXPECT_FALSE(secrets.verify(cookie, kNonce, kPeer, 0x1235));
  Bytes forged = cookie;
  forged.back() ^= 1;
  EXPECT_FALSE(secrets.verify(forged, kNonce, kPeer, 0x1234));
  EXPECT_FALSE(secrets.verify({}, kNonce, kPeer, 0x1234));
  EXPECT_FALSE(secrets.verify(Bytes{cookie[0]}, kNonce, kPeer, 0x1234));
}

bool carries_cookie(const Datagram& d) {
  auto m = w::parse_message(d.data);
  return m && m->header.response() && w::find_notify(m->payloads, w::NotifyType::kCookie);
}

class Ikev2Cookies : public TwoEngines {
 protected:
  // The right demands cookies (one half-open SA is enough) and keeps its half-open SAs for an
  // hour; the left retransmits only after 50 minutes, so the fake clock can run across cookie
  // secret changes while a COOKIE is on its way.
  void SetUp() override {
    TwoEngines::SetUp();
    const std::string suite = "aes128gcm16-prfsha256-x25519";
    start(side_config(true, suite, "aes128gcm16", "", "", "test-psk-0123456789",
                      "oakley {\n retransmit_timeout = 3000\n}\n"),
          side_config(false, suite, "aes128gcm16", "", "", "test-psk-0123456789",
                      "oakley {\n cookie_threshold = 1\n block_threshold = 10\n"
                      " half_open_timeout = 1h\n}\n"));
    // A first attempt that never authenticates leaves one half-open SA on the right.
    net.filter = [](const Datagram& d) {
      auto m = w::parse_message(d.data);
      return !(m && m->header.exchange_type == w::ExchangeType::kIkeAuth);
    };
    ASSERT_TRUE(left->engine->initiate("t", "net", nullptr));
    net.pump();
    ASSERT_EQ(right->engine->half_open_count(), 1u);
    auto stale = left->engine->find_ike_id("t");
    ASSERT_TRUE(stale && left->engine->terminate_ike(*stale, nullptr));
  }

  // Initiates again and holds the right's COOKIE answer for `delay` of fake time before the left
  // gets it; returns the outcome.
  Status initiate_with_delayed_cookie(Duration delay) {
    std::vector<Datagram> held;
    net.filter = [&](const Datagram& d) {
      if (!carries_cookie(d)) return true;
      held.push_back(d);
      return false;
    };
    std::optional<Status> result;
    auto st = left->engine->initiate("t", "net", [&](const Status& s) { result = s; });
    if (!st) return st;
    net.pump();
    EXPECT_EQ(held.size(), 1u);
    // In steps, as a real clock moves: a timer rescheduled by its own callback counts from the
    // time it ran.
    for (auto end = timers.now() + delay; timers.now() < end;)
      timers.run_until(std::min(end, timers.now() + Duration(60s)));
    net.filter = nullptr;
    for (auto& d : held)
      net.queue.push_back(std::move(d));
    settle(5s);
    return result ? *result : make_error("did not complete");
  }
};

TEST_F(Ikev2Cookies, CookieFromJustBeforeASecretRotationIsAccepted) {
  auto version = right->engine->cookie_secrets().version();
  auto st = initiate_with_delayed_cookie(601s);
  ASSERT_TRUE(st) << st.error().message;
  EXPECT_NE(right->engine->cookie_secrets().version(), version);  // the secret did change
  // The COOKIE made with the previous secret was taken: no second round trip.
  EXPECT_EQ(right->engine->stats().cookies_sent, 1u);
  EXPECT_EQ(right->engine->stats().cookies_rejected, 0u);
}

TEST_F(Ikev2Cookies, CookieOlderThanThePreviousSecretIsRefused) {
  auto st = initiate_with_delayed_cookie(1201s);
  // Refused and counted; the initiator then retries with the fresh COOKIE it got instead.
  ASSERT_TRUE(st) << st.error().message;
  EXPECT_EQ(right->engine->stats().cookies_rejected, 1u);
  EXPECT_EQ(right->engine->stats().cookies_sent, 2u);
}

}  // namespace
}  // namespace oakley::ikev2::testing
