// The network misbehaves: loss, duplication, reordering, a NAT, cookies under load, fragmented
// messages, and hostile payloads. Every case ends in a working SA or a clean refusal.
#include "two_engines.hpp"
#include "wire/ikev2/message.hpp"

namespace oakley::ikev2::testing {
namespace {

using namespace std::chrono_literals;
namespace w = wire::ikev2;

class Robustness : public TwoEngines {
 protected:
  void standard() { start(side_config(true), side_config(false)); }
  Status initiate_and_wait(Duration d) {
    std::optional<Status> result;
    auto st = left->engine->initiate("t", "net", [&](const Status& s) { result = s; });
    if (!st) return st;
    settle(d);
    return result ? *result : make_error("did not complete");
  }
};

TEST_F(Robustness, LostResponsesAreRetransmitted) {
  standard();
  int responses = 0;
  net.filter = [&](const Datagram& d) {
    // Drop the first answer of each exchange from the right.
    if (d.sender == 1 && (++responses == 1 || responses == 3)) return false;
    return true;
  };
  auto st = initiate_and_wait(60s);
  ASSERT_TRUE(st) << st.error().message;
  EXPECT_GE(left->engine->stats().retransmits_sent, 2u);
  // The lost IKE_AUTH response was answered from the cache, not by processing the request twice.
  EXPECT_GE(right->engine->stats().retransmits_answered, 1u);
  EXPECT_EQ(right->backend.sas().size(), 2u);
}

TEST_F(Robustness, DuplicatedDatagramsAreHarmless) {
  standard();
  net.filter = [&](const Datagram& d) {
    static int n = 0;
    if (++n % 2) net.queue.push_back(d);  // deliver it again later
    return true;
  };
  auto st = initiate_and_wait(10s);
  ASSERT_TRUE(st) << st.error().message;
  EXPECT_EQ(left->established(), 1u);
  EXPECT_EQ(right->established(), 1u);
  EXPECT_EQ(right->backend.sas().size(), 2u);
  net.filter = nullptr;
}

TEST_F(Robustness, ReorderedFragmentsReassemble) {
  // The smallest fragment size the config allows, and an IKE_AUTH made large by a long list of
  // ESP proposals, so the request is split into fragments that arrive in reverse order.
  const std::string top = "oakley {\n fragment_size = 576\n}\n";
  const std::string esp =
      "aes128gcm16,aes256gcm16,aes128-sha256,aes256-sha256,aes128-sha1,aes256-sha512,"
      "aes192-sha384,aes128ctr-sha256,aes256ctr-sha384,aes128gcm16-x25519,aes256-sha256-modp2048,"
      "aes128-sha256-ecp256,aes256gcm16-ecp384,aes128ccm16,aes192gcm16";
  const std::string suite = "aes128gcm16-prfsha256-x25519";
  start(side_config(true, suite, esp, "", "", "test-psk-0123456789", top),
        side_config(false, suite, esp, "", "", "test-psk-0123456789", top));
  std::size_t fragments = 0;
  net.filter = [&](const Datagram& d) {
    auto h = w::parse_message(d.data);
    if (h && !h->payloads.empty() && h->payloads.back().get<w::SkfPayload>()) ++fragments;
    return true;
  };
  // Reverse the order of everything queued at once.
  std::optional<Status> result;
  ASSERT_TRUE(left->engine->initiate("t", "net", [&](const Status& s) { result = s; }));
  for (int round = 0; round < 20 && !result; ++round) {
    std::reverse(net.queue.begin(), net.queue.end());
    net.pump(1);
  }
  settle(10s);
  ASSERT_TRUE(result && *result) << (result ? result->error().message : "no result");
  EXPECT_GE(fragments, 2u);  // the IKE_AUTH request (the response carries one proposal)
}

TEST_F(Robustness, NatBetweenPeersMovesToPort4500AndEncapsulates) {
  standard();
  net.nat_public = Endpoint{*IpAddress::parse("198.51.100.7"), 40000};
  // The right side only knows the NAT's public address.
  auto right_cfg = side_config(false);
  right_cfg.replace(right_cfg.find("remote_addrs = 192.0.2.1"), 24, "remote_addrs = %any");
  right.reset();
  right = std::make_unique<Peer>(net, 1, *IpAddress::parse("192.0.2.2"), timers, right_cfg);
  ASSERT_TRUE(initiate_left());
  auto l = left->sas()[0];
  auto r = right->sas()[0];
  EXPECT_TRUE(l.nat_local);
  EXPECT_TRUE(r.nat_remote);
  EXPECT_EQ(l.remote, "192.0.2.2[4500]");
  EXPECT_EQ(r.remote, "198.51.100.7[40001]");
  EXPECT_TRUE(l.children[0].udp_encap);
  auto out = right->backend.find_sa(dataplane::Direction::kOutbound, r.children[0].spi_out);
  ASSERT_TRUE(out && out->udp_encap);
  EXPECT_EQ(out->udp_encap->remote_port, 40001);
  EXPECT_EQ(out->udp_encap->local_port, 4500);
  // The side behind the NAT keeps the mapping alive.
  settle(60s);
  EXPECT_GE(left->sender.keepalives, 2);
}

TEST_F(Robustness, ForcedEncapsulationWithoutNat) {
  start(side_config(true, "aes128gcm16-prfsha256-x25519", "aes128gcm16", "encap = yes"),
        side_config(false));
  ASSERT_TRUE(initiate_left());
  EXPECT_TRUE(right->sas()[0].nat_remote);
  EXPECT_TRUE(right->sas()[0].children[0].udp_encap);
  EXPECT_EQ(left->sas()[0].remote, "192.0.2.2[4500]");
}

TEST_F(Robustness, CookiesUnderHalfOpenLoad) {
  auto top = "oakley {\n cookie_threshold = 1\n block_threshold = 10\n}\n";
  start(side_config(true), side_config(false, "aes128gcm16-prfsha256-x25519", "aes128gcm16", "", "",
                                       "test-psk-0123456789", top));
  // A first attempt that never authenticates leaves one half-open SA on the right.
  net.filter = [](const Datagram& d) {
    auto m = w::parse_message(d.data);
    return !(m && m->header.exchange_type == w::ExchangeType::kIkeAuth);
  };
  ASSERT_TRUE(left->engine->initiate("t", "net", nullptr));
  net.pump();
  EXPECT_EQ(right->engine->half_open_count(), 1u);
  // The left side gives up on it (a second initiate would otherwise wait for this SA).
  auto stale = left->engine->find_ike_id("t");
  ASSERT_TRUE(stale);
  ASSERT_TRUE(left->engine->terminate_ike(*stale, nullptr));
  net.filter = nullptr;
  ASSERT_TRUE(initiate_and_wait(5s));
  EXPECT_GE(right->engine->stats().cookies_sent, 1u);
  EXPECT_TRUE(log_contains("received COOKIE, retrying with it"));
}

TEST_F(Robustness, TamperedEncryptedMessageIsDropped) {
  standard();
  net.filter = [](const Datagram& d) {
    auto m = w::parse_message(d.data);
    if (m && m->header.exchange_type == w::ExchangeType::kIkeAuth && !m->header.response()) {
      const_cast<Datagram&>(d).data.back() ^= 1;  // flip a bit of the ICV
    }
    return true;
  };
  auto st = initiate_and_wait(3s);
  EXPECT_FALSE(st);
  EXPECT_GE(right->engine->stats().invalid_messages, 1u);
  EXPECT_TRUE(right->backend.sas().empty());
  EXPECT_TRUE(log_contains("integrity check of the SK payload failed"));
}

TEST_F(Robustness, GarbageIsCountedNotFatal) {
  standard();
  Bytes junk(40, 0x41);
  right->engine->on_packet(junk, Endpoint{*IpAddress::parse("192.0.2.2"), 500},
                           Endpoint{*IpAddress::parse("192.0.2.1"), 500});
  EXPECT_EQ(right->engine->stats().invalid_messages, 1u);
  ASSERT_TRUE(initiate_left());
}

TEST_F(Robustness, MessagesForUnknownSpisAreCounted) {
  standard();
  ASSERT_TRUE(initiate_left());
  auto before = right->engine->stats().unknown_spi;
  // A valid-looking INFORMATIONAL for an SA that does not exist.
  w::Message m;
  m.header.initiator_spi = 0x1111;
  m.header.responder_spi = 0x2222;
  m.header.exchange_type = w::ExchangeType::kInformational;
  m.header.flags = w::kFlagInitiator;
  m.header.message_id = 5;
  auto bytes = w::encode(m);
  ASSERT_TRUE(bytes);
  right->engine->on_packet(*bytes, Endpoint{*IpAddress::parse("192.0.2.2"), 500},
                           Endpoint{*IpAddress::parse("192.0.2.1"), 500});
  EXPECT_EQ(right->engine->stats().unknown_spi, before + 1);
}

}  // namespace
}  // namespace oakley::ikev2::testing
