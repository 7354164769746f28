// Group PSK + XAuth: every user of the gateway shares one Phase 1 identity and pre-shared key, so
// what one user's ISAKMP SA may do must never reach another user's SAs. The gateway (right)
// serves carol (left, 192.0.2.1) and dave (a second client, 192.0.2.3); both are
// left@example.test with the group PSK, and each has an own XAuth password.
#include "ikev1/exchanges/informational.hpp"
#include "ikev1/exchanges/phase1_auth.hpp"
#include "two_engines.hpp"

namespace oakley::ikev1::testing {
namespace {

namespace w = wire::ikev1;

std::string password_of(const std::string& user) {
  return user + "-password";
}

std::string xauth_secret(const std::string& user) {
  return "  xauth-" + user + " {\n    id = " + user + "\n    secret = \"" + password_of(user) +
         "\"\n  }\n";
}

// A road warrior: XAuth as `user`, and a virtual IP by Mode Config unless `mode_config` is off
// (its Quick Mode then proposes `local_ts`).
SideOptions client(const std::string& user, bool mode_config = true,
                   const std::string& local_ts = "0.0.0.0/0") {
  SideOptions o;
  o.extra_conn = "local-xauth {\n  round = 2\n  auth = xauth\n  xauth_id = " + user + "\n}";
  if (mode_config) {
    o.extra_conn += "\nvips = 0.0.0.0";
    o.local_ts = "dynamic";
  } else {
    o.local_ts = local_ts;
  }
  o.extra_top = "secrets {\n" + xauth_secret(user) + "}\n";
  return o;
}

std::string gateway_config() {
  SideOptions o;
  o.extra_conn = "remote-xauth {\n  round = 2\n  auth = xauth\n}\npools = rw";
  o.local_ts = "dynamic";  // the left's view: the gateway's remote_ts is 'dynamic'
  o.extra_top = "secrets {\n" + xauth_secret("carol") + xauth_secret("dave") +
                "}\npools {\n  rw {\n    addrs = 10.3.0.0/24\n  }\n}\n";
  auto text = side_config(false, o);
  text.replace(text.find("remote_addrs = 192.0.2.1"), 24, "remote_addrs = %any");
  return text;
}

class GroupPsk : public TwoEngines {
 protected:
  void TearDown() override {
    dave.reset();
    TwoEngines::TearDown();
  }

  // The gateway, and carol connected through it (with her lease 10.3.0.1).
  void start_with_carol() {
    start(side_config(true, client("carol")), gateway_config());
    auto st = initiate_left();
    ASSERT_TRUE(st) << st.error().message << "\n" << logs_text();
    ASSERT_EQ(left->sas()[0].local_vips, std::vector<std::string>{"10.3.0.1"});
    carol_sa = right->sas().at(0).id;
  }

  // The second client at 192.0.2.3 (not connected yet).
  void add_client(const SideOptions& o) {
    auto text = side_config(true, o);
    text.replace(text.find("local_addrs = 192.0.2.1"), 23, "local_addrs = 192.0.2.3");
    dave = std::make_unique<Peer>(net, 2, *IpAddress::parse("192.0.2.3"), timers, text);
  }

  Status initiate(Peer& p) {
    std::optional<Status> result;
    auto st = p.engine->initiate("t", "net", [&](const Status& s) { result = s; });
    if (!st) return st;
    settle(std::chrono::seconds(2));
    if (!result) return make_error("initiate did not complete");
    return *result;
  }

  // The gateway's view of carol: her ISAKMP SA, with her IPsec SA pair for 10.3.0.1.
  void expect_carol_intact() {
    IsakmpSa* sa = right->engine->find_sa(carol_sa);
    ASSERT_NE(sa, nullptr) << logs_text();
    EXPECT_EQ(sa->state, IsakmpState::kEstablished);
    EXPECT_EQ(sa->xauth_user, "carol");
    ASSERT_EQ(sa->children.size(), 1u);
    EXPECT_EQ(sa->children[0]->state, ChildState::kInstalled);
    EXPECT_EQ(sa->children[0]->remote_ts.front().to_string(), "10.3.0.1/32");
  }

  // The gateway's children whose remote selector is `ts`, over all its ISAKMP SAs.
  std::size_t gateway_children_for(const std::string& ts) const {
    std::size_t n = 0;
    for (const auto& s : right->sas()) {
      for (const auto& c : s.children) {
        n += c.remote_ts == std::vector<std::string>{ts};
      }
    }
    return n;
  }

  IsakmpSa& dave_sa() { return *dave->engine->find_sa(dave->sas().at(0).id); }

  std::unique_ptr<Peer> dave;
  std::uint32_t carol_sa = 0;
};

// dave's first contact (INITIAL-CONTACT in MM5) speaks for dave only: carol keeps her SAs.
TEST_F(GroupPsk, InitialContactFromOtherUserKeepsSas) {
  start_with_carol();
  add_client(client("dave"));
  auto st = initiate(*dave);
  ASSERT_TRUE(st) << st.error().message << "\n" << logs_text();
  EXPECT_EQ(dave->sas()[0].local_vips, std::vector<std::string>{"10.3.0.2"});
  EXPECT_EQ(right->engine->ike_sa_count(), 2u);
  EXPECT_EQ(right->installed_children(), 2u);
  expect_carol_intact();
  EXPECT_EQ(left->installed_children(), 1u);
  EXPECT_FALSE(log_contains("INITIAL-CONTACT: the peer restarted")) << logs_text();
}

// An INITIAL-CONTACT that dave's client sends before the gateway's XAuth accepted anybody is
// only remembered: here XAuth never completes, and carol's SAs stay.
TEST_F(GroupPsk, InitialContactBeforeXauthIgnored) {
  start_with_carol();
  add_client(client("dave"));
  // The gateway's XAuth request never reaches dave: his ISAKMP SA stays in XAuth.
  net.filter = [](const Datagram& d) {
    return !(d.sender == 1 && d.to.address == *IpAddress::parse("192.0.2.3") &&
             header_of(d).exchange_type == w::ExchangeType::kTransaction);
  };
  ASSERT_TRUE(dave->engine->initiate("t", "net", nullptr));
  settle(std::chrono::seconds(1));
  ASSERT_EQ(dave->sas().size(), 1u);
  IsakmpSa& sa = dave_sa();
  ASSERT_EQ(sa.state, IsakmpState::kEstablished);
  ASSERT_TRUE(sa.xauth_pending());
  auto deferred = right->engine->stats().initial_contacts_deferred;
  dave->engine->send_informational(sa, {initial_contact_payload(sa)});
  settle(std::chrono::seconds(1));
  EXPECT_EQ(right->engine->stats().initial_contacts_deferred, deferred + 1);
  EXPECT_TRUE(log_contains("INITIAL-CONTACT before XAuth completed")) << logs_text();
  expect_carol_intact();
  EXPECT_EQ(right->installed_children(), 1u);
}

// The same user connecting again (carol's client restarted, now at another address) does
// replace her old SAs once XAuth accepted her: INITIAL-CONTACT keeps its purpose.
TEST_F(GroupPsk, InitialContactAfterXauthReplacesTheSameUsersSas) {
  start_with_carol();
  add_client(client("carol"));
  auto st = initiate(*dave);
  ASSERT_TRUE(st) << st.error().message << "\n" << logs_text();
  EXPECT_EQ(right->engine->find_sa(carol_sa), nullptr) << logs_text();
  EXPECT_EQ(right->engine->ike_sa_count(), 1u);
  EXPECT_EQ(right->installed_children(), 1u);
  EXPECT_EQ(dave->sas()[0].local_vips, std::vector<std::string>{"10.3.0.1"});  // her lease
  EXPECT_TRUE(log_contains("INITIAL-CONTACT: the peer restarted")) << logs_text();
}

// dave skips Mode Config and proposes 0.0.0.0/0 as his side: the gateway refuses the Quick Mode
// instead of narrowing it to his IKE address.
TEST_F(GroupPsk, QuickModeWithoutModeConfigRefused) {
  start(side_config(true, client("dave", false)), gateway_config());
  auto st = initiate_left();
  ASSERT_FALSE(st) << logs_text();
  EXPECT_NE(st.error().message.find("INVALID-ID-INFORMATION"), std::string::npos)
      << st.error().message;
  EXPECT_TRUE(log_contains("Quick Mode before Mode Config")) << logs_text();
  EXPECT_EQ(right->engine->stats().quick_modes_without_lease, 1u);
  EXPECT_EQ(right->installed_children(), 0u);
  EXPECT_TRUE(right->backend.sas().empty());
}

// dave skips Mode Config and proposes 0.0.0.0/0 while carol holds 10.3.0.1: he must not get
// carol's address as his selector (her traffic would go to him, and he could send as her).
TEST_F(GroupPsk, QuickModeCannotClaimOtherUsersLease) {
  start_with_carol();
  add_client(client("dave", false));
  auto st = initiate(*dave);
  ASSERT_FALSE(st) << logs_text();
  EXPECT_EQ(gateway_children_for("10.3.0.1/32"), 1u) << logs_text();
  EXPECT_EQ(right->installed_children(), 1u);
  EXPECT_EQ(dave->installed_children(), 0u);
  expect_carol_intact();
}

// dave (authenticated, with his own tunnel) sends a DELETE naming carol's IPsec SA, whose SPIs
// anyone on the path sees: the gateway deletes only what dave's own ISAKMP SA negotiated.
TEST_F(GroupPsk, DeleteForOtherSasSpisIgnored) {
  start_with_carol();
  add_client(client("dave"));
  ASSERT_TRUE(initiate(*dave)) << logs_text();
  ASSERT_EQ(right->installed_children(), 2u);
  // The SPI carol's client chose for its inbound SA: the gateway's outbound one to her.
  std::uint32_t carols_spi = left->sas()[0].children.at(0).spi_in;
  IsakmpSa& sa = dave_sa();
  dave->engine->send_informational(sa, {delete_esp_payload({carols_spi})});
  settle(std::chrono::seconds(1));
  EXPECT_EQ(right->engine->stats().deletes_refused, 1u);
  expect_carol_intact();
  EXPECT_EQ(right->installed_children(), 2u);
  // His own pair he may delete.
  std::uint32_t his_spi = dave->sas()[0].children.at(0).spi_in;
  dave->engine->send_informational(sa, {delete_esp_payload({his_spi})});
  settle(std::chrono::seconds(1));
  EXPECT_EQ(right->installed_children(), 1u);
  expect_carol_intact();
}

// What same_peer must still allow: carol's Phase 1 rekey (XAuth and Mode Config again) takes
// over her IPsec SAs and her lease, and her child rekeys over the new ISAKMP SA; dave is
// untouched.
TEST_F(GroupPsk, PhaseOneRekeyOfAUserKeepsHerTunnelOnly) {
  start_with_carol();
  add_client(client("dave"));
  ASSERT_TRUE(initiate(*dave)) << logs_text();
  auto old = left->sas()[0];
  std::optional<Status> result;
  ASSERT_TRUE(left->engine->rekey_ike(old.id, [&](const Status& s) { result = s; }));
  settle(std::chrono::seconds(5));
  ASSERT_TRUE(result && *result) << logs_text();
  auto l = left->sas();
  ASSERT_EQ(l.size(), 1u);
  EXPECT_EQ(l[0].local_vips, std::vector<std::string>{"10.3.0.1"});
  ASSERT_EQ(l[0].children.size(), 1u);
  EXPECT_EQ(right->engine->ike_sa_count(), 2u);
  ASSERT_TRUE(left->engine->rekey_child(l[0].children[0].id, nullptr));
  settle(std::chrono::seconds(5));
  EXPECT_EQ(gateway_children_for("10.3.0.1/32"), 1u) << logs_text();
  EXPECT_EQ(gateway_children_for("10.3.0.2/32"), 1u) << logs_text();
  EXPECT_EQ(left->installed_children(), 1u);
  EXPECT_EQ(dave->installed_children(), 1u);
}

}  // namespace
}  // namespace oakley::ikev1::testing
