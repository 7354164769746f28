// The diagnosis rules alone: evidence and SA snapshots made by hand in, findings with their code,
// text, evidence and fix out. One test per rule and per condition that must not fire.
#include <gtest/gtest.h>

#include "ike/diagnosis/failures.hpp"
#include "ike/diagnosis/rules.hpp"

namespace oakley::ike::diagnosis {
namespace {

using std::chrono::seconds;

const TimePoint kNow = TimePoint{} + std::chrono::hours(10);

Endpoint at(const char* address, std::uint16_t port) {
  return Endpoint{*IpAddress::parse(address), port};
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines)
    out += l + "\n";
  return out;
}

const Finding* find(const std::vector<Finding>& fs, std::string_view code) {
  for (const auto& f : fs) {
    if (f.code == code) return &f;
  }
  return nullptr;
}

std::string codes(const std::vector<Finding>& fs) {
  std::string out;
  for (const auto& f : fs)
    out += (out.empty() ? "" : " ") + f.code;
  return out;
}

IkeSaInfo sa(std::uint32_t id, std::string state) {
  IkeSaInfo s;
  s.id = id;
  s.connection = "t";
  s.state = std::move(state);
  s.role = "initiator";
  s.local = "192.0.2.1[500]";
  s.remote = "192.0.2.2[500]";
  return s;
}

SentRequest request(std::uint32_t sa_id, const char* exchange, std::uint16_t port, unsigned sends) {
  SentRequest r;
  r.sa_id = sa_id;
  r.exchange = exchange;
  r.message_id = std::string_view(exchange) == "IKE_SA_INIT" ? 0 : 1;
  r.to = at("192.0.2.2", port);
  r.bytes = 300;
  r.sends = sends;
  r.first_sent = kNow - seconds(20);
  r.last_sent = kNow - seconds(2);
  return r;
}

struct Fixture : ::testing::Test {
  Inputs inputs() {
    Inputs in;
    in.version = 2;
    in.connection = &conn;
    in.evidence = &ev;
    in.now = kNow;
    return in;
  }
  config::Connection conn;
  Evidence ev;
};

// ---- path ------------------------------------------------------------------------------------

using PathRules = Fixture;

TEST_F(PathRules, NoAnswerOnUdp500WhileRetrying) {
  ev.request = request(1, "IKE_SA_INIT", 500, 3);
  ev.ports_sa = 1;
  ev.ports[500].sent = 3;
  auto in = inputs();
  in.sas = {sa(1, "CONNECTING")};
  auto fs = evaluate(in);
  const auto* f = find(fs, "no-answer");
  ASSERT_TRUE(f) << codes(fs);
  EXPECT_EQ(f->severity, Severity::kWarning);
  EXPECT_NE(f->text.find("no answer from 192.0.2.2 on UDP 500 after 3 transmission(s) of "
                         "IKE_SA_INIT"),
            std::string::npos)
      << f->text;
  EXPECT_NE(f->text.find("UDP 500/4500 is blocked"), std::string::npos);
  auto e = joined(f->evidence);
  EXPECT_NE(e.find("sent IKE_SA_INIT (message 0, 300 bytes) to 192.0.2.2[500] 3 time(s), first "
                   "20 s ago, last 2 s ago: no answer yet"),
            std::string::npos)
      << e;
  EXPECT_NE(e.find("UDP 500: 3 message(s) sent, 0 received"), std::string::npos) << e;
  EXPECT_NE(e.find("nothing received from the peer"), std::string::npos) << e;
  EXPECT_NE(f->fix.find("UDP 500 and UDP 4500"), std::string::npos);
}

TEST_F(PathRules, NoAnswerIsAnErrorOnceGivenUp) {
  ev.request = request(1, "IKE_SA_INIT", 500, 6);
  Failure gave_up = from_reason(Phase::kIkeSaInit,
                                "peer 192.0.2.2[500] did not answer "
                                "IKE_SA_INIT after 5 retransmissions");
  gave_up.sa_id = 1;
  ev.failure = gave_up;
  auto fs = evaluate(inputs());  // the SA is gone
  const auto* f = find(fs, "no-answer");
  ASSERT_TRUE(f) << codes(fs);
  EXPECT_EQ(f->severity, Severity::kError);
  EXPECT_NE(joined(f->evidence).find("no answer, given up"), std::string::npos);
}

TEST_F(PathRules, OneSendOrAnAnswerIsNoFinding) {
  ev.request = request(1, "IKE_SA_INIT", 500, 1);
  auto in = inputs();
  in.sas = {sa(1, "CONNECTING")};
  EXPECT_EQ(codes(evaluate(in)), "");
  ev.request = request(1, "IKE_SA_INIT", 500, 4);
  ev.request->answered = kNow - seconds(1);
  EXPECT_EQ(codes(evaluate(in)), "");
}

TEST_F(PathRules, AnswersOn500ButNotOn4500MeansUdp4500Blocked) {
  conn.encap = true;
  ev.request = request(1, "IKE_AUTH", 4500, 4);
  ev.ports_sa = 1;
  ev.ports[500] = PortActivity{1, 1, kNow - seconds(21), kNow - seconds(21)};
  ev.ports[4500] = PortActivity{4, 0, kNow - seconds(2), {}};
  ev.received = ReceivedMessage{1, "IKE_SA_INIT", true, at("192.0.2.2", 500), kNow - seconds(21)};
  auto in = inputs();
  in.sas = {sa(1, "CONNECTING")};
  auto fs = evaluate(in);
  const auto* f = find(fs, "udp4500-blocked");
  ASSERT_TRUE(f) << codes(fs);
  EXPECT_EQ(f->text,
            "the peer answers on UDP 500 but not on UDP 4500: UDP 4500 is blocked on the path (or "
            "the peer does not listen on it)");
  auto e = joined(f->evidence);
  EXPECT_NE(e.find("the peer answered on UDP 500 (1 message(s), the last 21 s ago)"),
            std::string::npos)
      << e;
  EXPECT_NE(e.find("encap = yes forces UDP encapsulation"), std::string::npos) << e;
  EXPECT_NE(e.find("last message from the peer: IKE_SA_INIT response from 192.0.2.2[500]"),
            std::string::npos)
      << e;
  EXPECT_NE(f->fix.find("let UDP 4500 pass"), std::string::npos);
  EXPECT_EQ(find(fs, "no-answer"), nullptr);
}

TEST_F(PathRules, NatDetectionNamedWhenItMovedTheNegotiation) {
  ev.request = request(1, "IKE_AUTH", 4500, 3);
  ev.ports_sa = 1;
  ev.ports[500] = PortActivity{1, 1, kNow - seconds(21), kNow - seconds(21)};
  auto in = inputs();
  in.sas = {sa(1, "CONNECTING")};
  in.sas[0].nat_local = true;
  auto fs = evaluate(in);
  const auto* f = find(fs, "udp4500-blocked");
  ASSERT_TRUE(f) << codes(fs);
  EXPECT_NE(joined(f->evidence).find("after NAT detection (we are behind a NAT)"),
            std::string::npos);
  EXPECT_TRUE(find(fs, "nat"));
}

TEST_F(PathRules, ALargeMessageUnansweredAfterSmallOnesPointsAtFragments) {
  ev.request = request(1, "IKE_AUTH", 4500, 3);
  ev.request->bytes = 3200;
  ev.ports_sa = 1;
  ev.ports[4500] = PortActivity{2, 1, kNow - seconds(2), kNow - seconds(30)};
  auto in = inputs();
  in.sas = {sa(1, "CONNECTING")};
  auto fs = evaluate(in);
  const auto* f = find(fs, "ike-fragments-lost");
  ASSERT_TRUE(f) << codes(fs);
  EXPECT_NE(f->text.find("not our 3200-byte IKE_AUTH"), std::string::npos) << f->text;
  // The same message in IKE fragments, or a small one: the peer just stopped answering.
  ev.request->packets = 3;
  fs = evaluate(in);
  EXPECT_TRUE(find(fs, "peer-stopped-answering")) << codes(fs);
  EXPECT_FALSE(find(fs, "ike-fragments-lost"));
}

TEST_F(PathRules, DeadPeerDetection) {
  Failure dead = from_reason(Phase::kInformational, "peer dead: no R-U-THERE-ACK for 30s");
  dead.sa_id = 3;
  dead.at = kNow - seconds(5);
  dead.peer = at("192.0.2.2", 4500);
  dead.last_heard = kNow - seconds(40);
  ev.failure = dead;
  ev.request = request(3, "INFORMATIONAL", 4500, 6);
  auto fs = evaluate(inputs());
  const auto* f = find(fs, "peer-dead");
  ASSERT_TRUE(f) << codes(fs);
  EXPECT_EQ(f->text, "dead peer detection declared the peer 192.0.2.2[4500] dead 5 s ago");
  auto e = joined(f->evidence);
  EXPECT_NE(e.find("no R-U-THERE-ACK"), std::string::npos);
  EXPECT_NE(e.find("the last message from the peer came 40 s ago"), std::string::npos);
  EXPECT_NE(e.find("INFORMATIONAL"), std::string::npos);
  EXPECT_NE(f->fix.find("dpd_action = restart"), std::string::npos);
  EXPECT_FALSE(find(fs, "no-answer")) << "one finding for one cause";
}

TEST_F(PathRules, HalfOpenResponder) {
  // The failure is about the message that never came; the finding names what the peer started.
  Failure f = from_reason(Phase::kIkeAuth, "half-open IKE SA timed out (no IKE_AUTH)");
  f.sa_id = 1;
  f.peer = at("192.0.2.1", 500);
  f.we_initiated = false;
  ev.failure = f;
  ev.received = ReceivedMessage{1, "IKE_SA_INIT", false, at("192.0.2.1", 500), kNow - seconds(31)};
  auto fs = evaluate(inputs());
  const auto* r = find(fs, "peer-did-not-continue");
  ASSERT_TRUE(r) << codes(fs);
  EXPECT_NE(r->text.find("192.0.2.1 started IKE_SA_INIT but never continued"), std::string::npos)
      << r->text;
}

// ---- negotiation -----------------------------------------------------------------------------

Proposal ike_proposal(std::uint16_t encr, std::uint16_t bits, std::uint16_t integ,
                      std::uint16_t dh) {
  Proposal p;
  p.transforms = {{TransformType::kEncr, encr, bits},
                  {TransformType::kInteg, integ, 0},
                  {TransformType::kPrf, 5, 0},
                  {TransformType::kDh, dh, 0}};
  return p;
}

Proposal esp_proposal(std::uint16_t dh) {
  Proposal p;
  p.protocol = Protocol::kEsp;
  p.transforms = {{TransformType::kEncr, 12, 128}, {TransformType::kInteg, 12, 0}};
  if (dh) p.transforms.push_back({TransformType::kDh, dh, 0});
  return p;
}

using NegotiationRules = Fixture;

TEST_F(NegotiationRules, ProposalMismatchTransformByTransform) {
  ev.failure = proposal_mismatch(Phase::kIkeSaInit, false, offers({ike_proposal(12, 256, 12, 14)}),
                                 offers({ike_proposal(12, 128, 12, 14)}));
  ev.failure->we_initiated = false;
  auto fs = evaluate(inputs());
  const auto* f = find(fs, "proposal-mismatch");
  ASSERT_TRUE(f) << codes(fs);
  EXPECT_EQ(f->text, "IKE proposal mismatch in IKE_SA_INIT: nothing in common for encryption");
  auto e = joined(f->evidence);
  EXPECT_NE(e.find("we accept: AES_CBC_256/PRF_HMAC_SHA2_256/HMAC_SHA2_256_128/MODP_2048"),
            std::string::npos)
      << e;
  EXPECT_NE(e.find("the peer offered: AES_CBC_128/"), std::string::npos) << e;
  EXPECT_NE(e.find("encryption: we offer AES_CBC_256, the peer AES_CBC_128: nothing in common"),
            std::string::npos)
      << e;
  EXPECT_NE(e.find("DH group: we offer MODP_2048, the peer MODP_2048\n"), std::string::npos) << e;
  EXPECT_NE(f->fix.find("crypto ikev2 policy"), std::string::npos);
  EXPECT_FALSE(find(fs, "pfs-mismatch"));
}

TEST_F(NegotiationRules, RefusedByThePeerNamesWhatWeOffered) {
  ev.failure =
      proposal_mismatch(Phase::kIkeSaInit, false, offers({ike_proposal(20, 128, 0, 31)}), {});
  ev.failure->peer_notify = "NO_PROPOSAL_CHOSEN";
  auto fs = evaluate(inputs());
  const auto* f = find(fs, "proposal-mismatch");
  ASSERT_TRUE(f) << codes(fs);
  EXPECT_EQ(f->text,
            "IKE proposal mismatch in IKE_SA_INIT: the peer accepted none of ours "
            "(NO_PROPOSAL_CHOSEN)");
  EXPECT_NE(joined(f->evidence).find("we offered: AES_GCM_16_128"), std::string::npos);
}

TEST_F(NegotiationRules, PfsMismatchIsCalledOut) {
  ev.failure = proposal_mismatch(Phase::kQuickMode, true, offers({esp_proposal(14)}),
                                 offers({esp_proposal(0)}));
  auto in = inputs();
  in.version = 1;
  auto fs = evaluate(in);
  const auto* f = find(fs, "proposal-mismatch");
  ASSERT_TRUE(f) << codes(fs);
  EXPECT_EQ(f->text, "ESP proposal mismatch in Quick Mode: nothing in common for PFS group");
  const auto* pfs = find(fs, "pfs-mismatch");
  ASSERT_TRUE(pfs) << codes(fs);
  EXPECT_EQ(pfs->text, "PFS mismatch in Quick Mode: we require a PFS group, the peer offers none");
  EXPECT_EQ(joined(pfs->evidence),
            "PFS group: we offer MODP_2048, the peer NONE: nothing in common\n");
  // The other way round.
  ev.failure = proposal_mismatch(Phase::kCreateChildSa, true, offers({esp_proposal(0)}),
                                 offers({esp_proposal(19)}));
  fs = evaluate(inputs());
  pfs = find(fs, "pfs-mismatch");
  ASSERT_TRUE(pfs) << codes(fs);
  EXPECT_EQ(pfs->text,
            "PFS mismatch in CREATE_CHILD_SA: the peer requires a PFS group, we offer none");
}

TEST_F(NegotiationRules, Ikev1Phase1RefusedForItsLifetime) {
  Offer ours{ike_proposal(12, 128, 12, 14), "PSK", 15840, {}};
  Offer theirs{ike_proposal(12, 128, 12, 14), "PSK", 86400, {}};
  ev.failure = proposal_mismatch(Phase::kMainMode, false, {ours}, {theirs});
  ev.failure->our_lifetime = 15840;
  ev.failure->peer_lifetime = 86400;
  auto in = inputs();
  in.version = 1;
  auto fs = evaluate(in);
  const auto* f = find(fs, "lifetime-refused");
  ASSERT_TRUE(f) << codes(fs);
  EXPECT_EQ(f->text,
            "Main Mode refused because of its lifetime: the peer offers 86400s, we accept at most "
            "15840s");
  EXPECT_FALSE(find(fs, "proposal-mismatch"));
}

TEST_F(NegotiationRules, Ikev1AuthenticationMethodIsATransformToo) {
  Offer ours{ike_proposal(12, 128, 12, 14), "PSK", 0, {}};
  Offer theirs{ike_proposal(12, 128, 12, 14), "RSA_SIG", 0, {}};
  ev.failure = proposal_mismatch(Phase::kMainMode, false, {ours}, {theirs});
  auto fs = evaluate(inputs());
  const auto* f = find(fs, "proposal-mismatch");
  ASSERT_TRUE(f) << codes(fs);
  EXPECT_EQ(f->text, "IKE proposal mismatch in Main Mode: nothing in common for authentication");
}

TEST_F(NegotiationRules, Ikev1QuickModeEncapsulationMode) {
  Offer ours{esp_proposal(0), {}, 3600, "TRANSPORT"};
  Offer theirs{esp_proposal(0), {}, 3600, "TUNNEL"};
  ev.failure = proposal_mismatch(Phase::kQuickMode, true, {ours}, {theirs});
  auto fs = evaluate(inputs());
  const auto* f = find(fs, "proposal-mismatch");
  ASSERT_TRUE(f) << codes(fs);
  EXPECT_EQ(f->text, "ESP proposal mismatch in Quick Mode: nothing in common for mode");
  EXPECT_FALSE(find(fs, "pfs-mismatch"));
}

TEST_F(NegotiationRules, PskMismatchInEachVersionsWords) {
  ev.failure = from_reason(Phase::kMainMode,
                           "MM5 from 192.0.2.1[500] does not decrypt to valid payloads (bad "
                           "padding): most likely the peer's pre-shared key differs from ours");
  auto in = inputs();
  in.version = 1;
  auto fs = evaluate(in);
  const auto* f = find(fs, "psk-mismatch");
  ASSERT_TRUE(f) << codes(fs);
  EXPECT_EQ(f->text, "the peer's HASH did not verify: most likely a different pre-shared key");
  ev.failure = from_reason(Phase::kIkeAuth,
                           "authentication of 'left@example.test' with a PSK failed: AUTH payload "
                           "does not verify (PSKs differ?)");
  fs = evaluate(inputs());
  f = find(fs, "psk-mismatch");
  ASSERT_TRUE(f) << codes(fs);
  EXPECT_EQ(f->text, "the peer's AUTH did not verify: most likely a different pre-shared key");
  EXPECT_NE(joined(f->evidence).find("reason: authentication of 'left@example.test'"),
            std::string::npos);
}

TEST_F(NegotiationRules, AuthenticationRefusedByThePeer) {
  ev.failure = from_reason(Phase::kIkeAuth, "peer answered AUTHENTICATION_FAILED (we ...)");
  ev.failure->peer_notify = "AUTHENTICATION_FAILED";
  auto fs = evaluate(inputs());
  const auto* f = find(fs, "auth-refused");
  ASSERT_TRUE(f) << codes(fs);
  EXPECT_EQ(f->text, "the peer refused our authentication (AUTHENTICATION_FAILED)");
}

TEST_F(NegotiationRules, IdentityMismatchNamesBoth) {
  ev.failure = id_mismatch(Phase::kIkeAuth, "mallory@example.test", "right@example.test");
  auto fs = evaluate(inputs());
  const auto* f = find(fs, "id-mismatch");
  ASSERT_TRUE(f) << codes(fs);
  EXPECT_EQ(f->text,
            "identity mismatch: the peer identified as 'mallory@example.test', this connection "
            "expects 'right@example.test'");
}

TEST_F(NegotiationRules, CertificateProblemsByKind) {
  struct Case {
    const char* reason;
    const char* code;
  };
  const Case cases[] = {
      {"certificate \"CN=x\" does not chain to a trusted CA", "cert-untrusted"},
      {"certificate \"CN=x\" expired on 2020-01-01 00:00:00 UTC", "cert-expired"},
      {"certificate \"CN=x\" is not valid before 2099-01-01 00:00:00 UTC", "cert-expired"},
      {"certificate \"CN=x\" does not contain the peer's identity 'y' (neither as subject nor as "
       "subjectAltName)",
       "cert-identity"},
      {"certificate \"CN=x\" was revoked at 2024-01-01 (keyCompromise)", "cert-revoked"},
      {"the ECDSA signature of \"CN=x\" does not verify: bad", "signature-invalid"},
  };
  for (const auto& c : cases) {
    ev.failure = from_reason(Phase::kIkeAuth, c.reason);
    auto fs = evaluate(inputs());
    EXPECT_TRUE(find(fs, c.code)) << c.reason << ": " << codes(fs);
  }
}

TEST_F(NegotiationRules, SelectorMismatchShowsBothSides) {
  auto ts = [](const char* prefix, unsigned len) {
    return Selectors{TrafficSelector::from_prefix(*IpAddress::parse(prefix), len)};
  };
  ev.failure = selector_mismatch(Phase::kIkeAuth, ts("10.1.0.0", 24), ts("10.9.0.0", 24),
                                 ts("10.2.0.0", 24), ts("10.1.0.0", 24));
  auto fs = evaluate(inputs());
  const auto* f = find(fs, "ts-mismatch");
  ASSERT_TRUE(f) << codes(fs);
  EXPECT_EQ(f->text,
            "traffic selector mismatch in IKE_AUTH: the peer proposed 10.1.0.0/24 === 10.9.0.0/24, "
            "we allow 10.1.0.0/24 === 10.2.0.0/24");
  auto in = inputs();
  in.version = 1;
  ev.failure->phase = Phase::kQuickMode;
  fs = evaluate(in);
  ASSERT_TRUE(find(fs, "ts-mismatch"));
  EXPECT_EQ(find(fs, "ts-mismatch")->text.rfind("proxy-ID mismatch in Quick Mode", 0), 0u);
}

TEST_F(NegotiationRules, AnUnknownReasonAddsNothing) {
  ev.failure = from_reason(Phase::kIkeAuth, "something we have no rule for");
  EXPECT_EQ(codes(evaluate(inputs())), "");
}

// ---- traffic ---------------------------------------------------------------------------------

ChildSaInfo child(std::uint64_t in, std::uint64_t out) {
  ChildSaInfo c;
  c.name = "net";
  c.id = 7;
  c.state = "INSTALLED";
  c.spi_in = 0xc1000001;
  c.spi_out = 0xc2000002;
  c.packets_in = in;
  c.packets_out = out;
  c.local_ts = {"10.1.0.0/24"};
  c.remote_ts = {"10.2.0.0/24"};
  return c;
}

using TrafficRules = Fixture;

TEST_F(TrafficRules, EspOutButNothingInSuggestsEncap) {
  auto in = inputs();
  in.sas = {sa(1, "ESTABLISHED")};
  in.sas[0].children = {child(0, 40)};
  in.counters[7] = ChildCounters{30, 1, 0, 0, 0};
  ev.received = ReceivedMessage{1, "INFORMATIONAL", false, at("192.0.2.2", 500), kNow - seconds(3)};
  auto fs = evaluate(in);
  const auto* f = find(fs, "esp-no-inbound");
  ASSERT_TRUE(f) << codes(fs);
  EXPECT_EQ(f->severity, Severity::kError);
  EXPECT_EQ(f->text,
            "CHILD_SA net sends ESP but receives none for 30 s: the peer does not get our ESP, or "
            "its ESP does not reach us");
  auto e = joined(f->evidence);
  EXPECT_NE(e.find("in 0 packets, unchanged for 30 s"), std::string::npos) << e;
  EXPECT_NE(e.find("out 40 packets, unchanged for 1 s"), std::string::npos) << e;
  EXPECT_NE(e.find("IP protocol 50"), std::string::npos) << e;
  EXPECT_NE(e.find("IKE works: the last message from the peer came 3 s ago"), std::string::npos);
  EXPECT_NE(f->fix.find("set encap = yes on both sides"), std::string::npos);
  // Already in UDP: the advice is about UDP 4500.
  in.sas[0].children[0].udp_encap = true;
  fs = evaluate(in);
  f = find(fs, "esp-no-inbound");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->fix.find("set encap = yes"), std::string::npos);
  EXPECT_NE(f->fix.find("UDP 4500"), std::string::npos);
}

TEST_F(TrafficRules, ShortSilenceOrNoTrafficIsNoFinding) {
  auto in = inputs();
  in.sas = {sa(1, "ESTABLISHED")};
  in.sas[0].children = {child(0, 40)};
  in.counters[7] = ChildCounters{5, 1, 0, 0, 0};
  EXPECT_EQ(codes(evaluate(in)), "");
  in.sas[0].children = {child(0, 0)};
  in.counters[7] = ChildCounters{300, 300, 0, 0, 0};
  EXPECT_EQ(codes(evaluate(in)), "");
  // Traffic that ended both ways, its last packets close together: nothing is lost.
  in.sas[0].children = {child(50, 50)};
  in.counters[7] = ChildCounters{60, 62, 0, 0, 0};
  EXPECT_EQ(codes(evaluate(in)), "");
  in.counters[7] = ChildCounters{62, 60, 0, 0, 0};
  EXPECT_EQ(codes(evaluate(in)), "");
}

TEST_F(TrafficRules, EspInButNothingOut) {
  auto in = inputs();
  in.sas = {sa(1, "ESTABLISHED")};
  in.sas[0].children = {child(25, 0)};
  in.counters[7] = ChildCounters{2, 40, 0, 0, 0};
  auto fs = evaluate(in);
  const auto* f = find(fs, "esp-no-outbound");
  ASSERT_TRUE(f) << codes(fs);
  EXPECT_EQ(f->severity, Severity::kWarning);
  EXPECT_NE(f->text.find("receives ESP but sends none for 40 s"), std::string::npos);
  EXPECT_NE(f->fix.find("traffic to 10.2.0.0/24 is routed into the tunnel"), std::string::npos);
  EXPECT_FALSE(find(fs, "esp-no-inbound"));
}

TEST_F(TrafficRules, DataPlaneDrops) {
  auto in = inputs();
  in.sas = {sa(1, "ESTABLISHED")};
  in.sas[0].children = {child(5, 5)};
  in.counters[7] = ChildCounters{0, 0, 3, 2, 4};
  auto fs = evaluate(in);
  const auto* mtu = find(fs, "mtu");
  ASSERT_TRUE(mtu) << codes(fs);
  auto e = joined(mtu->evidence);
  EXPECT_NE(e.find("3 packet(s) too big"), std::string::npos);
  EXPECT_NE(e.find("2 ESP packet(s) the network refused"), std::string::npos);
  EXPECT_TRUE(find(fs, "esp-integrity"));
}

TEST_F(TrafficRules, NatOnWhichSide) {
  auto in = inputs();
  in.sas = {sa(1, "ESTABLISHED")};
  in.sas[0].nat_remote = true;
  auto fs = evaluate(in);
  ASSERT_TRUE(find(fs, "nat"));
  EXPECT_EQ(find(fs, "nat")->text, "NAT detected: the peer is behind a NAT");
  conn.encap = true;
  fs = evaluate(in);
  ASSERT_TRUE(find(fs, "nat"));
  EXPECT_EQ(find(fs, "nat")->text, "UDP encapsulation forced by encap = yes (NAT detection faked)");
  in.sas[0].nat_local = true;
  fs = evaluate(in);
  ASSERT_TRUE(find(fs, "nat"));
  EXPECT_EQ(find(fs, "nat")->text,
            "NAT detected: this host is behind a NAT (its address is translated on the path); the "
            "peer is behind a NAT too");
}

// ---- list-sas summary ------------------------------------------------------------------------

TEST(WaitingSummary, NamesTheMessageAndThePorts) {
  Evidence ev;
  ev.request = request(1, "IKE_AUTH", 4500, 3);
  ev.ports_sa = 1;
  ev.ports[500] = PortActivity{1, 1, kNow - seconds(21), kNow - seconds(21)};
  EXPECT_EQ(waiting_summary(sa(1, "CONNECTING"), &ev, kNow),
            "waiting for the answer to IKE_AUTH (message 1) from 192.0.2.2[4500]: sent 3 time(s), "
            "first 20 s ago; UDP 500 answered 21 s ago");
  EXPECT_EQ(waiting_summary(sa(1, "ESTABLISHED"), &ev, kNow), "");
  EXPECT_EQ(waiting_summary(sa(2, "CONNECTING"), &ev, kNow), "negotiating (CONNECTING)");
  ev.received = ReceivedMessage{2, "IKE_SA_INIT", false, at("192.0.2.1", 500), kNow - seconds(4)};
  EXPECT_EQ(waiting_summary(sa(2, "CREATED"), &ev, kNow),
            "waiting for the peer's next message (its IKE_SA_INIT arrived 4 s ago)");
}

}  // namespace
}  // namespace oakley::ike::diagnosis
