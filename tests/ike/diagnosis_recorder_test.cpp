// What the engines feed the diagnosis (Recorder), the failure classification, and the line form
// findings travel in from the engines to the daemon (finding.hpp).
#include <gtest/gtest.h>

#include "ike/diagnosis/failures.hpp"
#include "ike/diagnosis/finding.hpp"
#include "ike/diagnosis/recorder.hpp"

namespace oakley::ike::diagnosis {
namespace {

using std::chrono::seconds;

const TimePoint kStart = TimePoint{} + std::chrono::hours(1);

Endpoint at(const char* address, std::uint16_t port) {
  return Endpoint{*IpAddress::parse(address), port};
}

TEST(Finding, LinesCarryEvidenceFixAndCode) {
  Finding f{Severity::kError,
            "udp4500-blocked",
            "the peer answers on UDP 500",
            {"one", "two\nlines"},
            "open it"};
  auto line = to_line(f);
  EXPECT_EQ(line,
            "error: the peer answers on UDP 500\n  evidence: one\n  evidence: two lines\n  fix: "
            "open it\n  code: udp4500-blocked");
  auto back = parse_line(line);
  EXPECT_EQ(back.severity, Severity::kError);
  EXPECT_EQ(back.code, "udp4500-blocked");
  EXPECT_EQ(back.text, "the peer answers on UDP 500");
  EXPECT_EQ(back.evidence, (std::vector<std::string>{"one", "two lines"}));
  EXPECT_EQ(back.fix, "open it");
}

TEST(Finding, PlainEngineLinesStillParse) {
  auto w = parse_line("warning: the connection has no children");
  EXPECT_EQ(w.severity, Severity::kWarning);
  EXPECT_EQ(w.text, "the connection has no children");
  EXPECT_TRUE(w.evidence.empty());
  EXPECT_TRUE(w.fix.empty());
  auto ok = parse_line("ok: IKE SA #1 is ESTABLISHED");
  EXPECT_EQ(ok.severity, Severity::kOk);
  auto none = parse_line("no severity here");
  EXPECT_EQ(none.severity, Severity::kInfo);
  EXPECT_EQ(none.text, "no severity here");
  EXPECT_EQ(to_line(parse_line("info: x")), "info: x");
}

TEST(Classify, TheEnginesPhrases) {
  EXPECT_EQ(classify("the peer answered our identity with an encrypted notify we cannot read (x): "
                     "most likely its pre-shared key differs from ours"),
            Cause::kPskMismatch);
  EXPECT_EQ(classify("HASH_I does not verify (32 bytes received): the peer used a different "
                     "pre-shared key"),
            Cause::kPskMismatch);
  EXPECT_EQ(classify("no PSK found for 'a' - 'b'"), Cause::kNoSecret);
  EXPECT_EQ(classify("peer refused our Phase 1 authentication with AUTHENTICATION_FAILED"),
            Cause::kAuthRefused);
  EXPECT_EQ(classify("peer refused the Quick Mode with INVALID_ID_INFORMATION"),
            Cause::kTrafficSelector);
  EXPECT_EQ(classify("peer refused Phase 1 with INVALID_ID_INFORMATION"), Cause::kIdMismatch);
  // IKEv1 names its notifies with hyphens.
  EXPECT_EQ(classify("peer refused Phase 1 with AUTHENTICATION-FAILED"), Cause::kAuthRefused);
  EXPECT_EQ(classify("peer refused the Quick Mode with INVALID-ID-INFORMATION"),
            Cause::kTrafficSelector);
  EXPECT_EQ(classify("peer refused the Quick Mode with NO-PROPOSAL-CHOSEN"), Cause::kProposal);
  EXPECT_EQ(classify("peer refused Phase 1 with NO_PROPOSAL_CHOSEN (we offered x)"),
            Cause::kProposal);
  EXPECT_EQ(classify("peer 192.0.2.2[500] did not answer IKE_SA_INIT after 5 retransmissions"),
            Cause::kNoAnswer);
  EXPECT_EQ(classify("peer dead: no R-U-THERE-ACK for 30s (dpd_timeout)"), Cause::kPeerDead);
  EXPECT_EQ(classify("Phase 1 did not complete within half_open_timeout"), Cause::kHalfOpen);
  EXPECT_EQ(classify("half-open IKE SA timed out (no IKE_AUTH)"), Cause::kHalfOpen);
  EXPECT_EQ(classify("installing the CHILD_SA failed: x"), Cause::kOther);
}

TEST(Recorder, CountsSendsAndAnswersPerPort) {
  Recorder r(2);
  r.request_sent("t", 1, "IKE_SA_INIT", 0, at("192.0.2.2", 500), 300, 1, false, kStart);
  r.request_sent("t", 1, "IKE_SA_INIT", 0, at("192.0.2.2", 500), 300, 1, true, kStart + seconds(1));
  r.received("t", 1, "IKE_SA_INIT", true, 0, true, at("192.0.2.2", 500), kStart + seconds(2));
  r.request_sent("t", 1, "IKE_AUTH", 1, at("192.0.2.2", 4500), 900, 1, false, kStart + seconds(2));
  r.request_sent("t", 1, "IKE_AUTH", 1, at("192.0.2.2", 4500), 900, 1, true, kStart + seconds(3));
  const auto* ev = r.evidence("t");
  ASSERT_TRUE(ev);
  ASSERT_TRUE(ev->request);
  EXPECT_EQ(ev->request->exchange, "IKE_AUTH");
  EXPECT_EQ(ev->request->sends, 2u);
  EXPECT_FALSE(ev->request->answered);
  EXPECT_EQ(ev->request->first_sent, kStart + seconds(2));
  EXPECT_EQ(ev->ports.at(500).sent, 2u);
  EXPECT_EQ(ev->ports.at(500).received, 1u);
  EXPECT_EQ(ev->ports.at(4500).sent, 2u);
  EXPECT_EQ(ev->ports.at(4500).received, 0u);
  // An answer to another message ID does not answer this request.
  r.received("t", 1, "INFORMATIONAL", true, 7, true, at("192.0.2.2", 4500), kStart + seconds(4));
  EXPECT_FALSE(r.evidence("t")->request->answered);
  r.received("t", 1, "IKE_AUTH", true, 1, true, at("192.0.2.2", 4500), kStart + seconds(5));
  EXPECT_EQ(r.evidence("t")->request->answered, kStart + seconds(5));
  // A new SA starts its own port history.
  r.request_sent("t", 2, "IKE_SA_INIT", 0, at("192.0.2.2", 500), 300, 1, false,
                 kStart + seconds(9));
  EXPECT_EQ(r.evidence("t")->ports.size(), 1u);
  EXPECT_EQ(r.evidence("t")->ports.at(500).received, 0u);
}

TEST(Recorder, AStructuredFailureKeepsItsDetailsOverTheReason) {
  Recorder r(1);
  auto ts = Selectors{TrafficSelector::from_prefix(*IpAddress::parse("10.9.0.0"), 24)};
  r.failed("t", 4, selector_mismatch(Phase::kQuickMode, ts, ts, ts, ts), kStart);
  r.failed_because("t", 4, Phase::kQuickMode, "no child matches", at("192.0.2.1", 500), kStart);
  auto f = *r.evidence("t")->failure;
  EXPECT_EQ(f.cause, Cause::kTrafficSelector);
  EXPECT_EQ(f.detail, "no child matches");
  EXPECT_EQ(f.peer, at("192.0.2.1", 500));
  // Much later, the same SA fails again: a new failure, classified from its reason.
  r.failed_because("t", 4, Phase::kInformational, "peer dead: no R-U-THERE-ACK for 30s",
                   at("192.0.2.1", 4500), kStart + seconds(600));
  EXPECT_EQ(r.evidence("t")->failure->cause, Cause::kPeerDead);
  r.established("t");
  EXPECT_FALSE(r.evidence("t")->failure);
}

// A forged IKE_SA_INIT (anyone can send one from any address) never hides a failure the peer
// could not forge: it is kept beside it, shown as an unauthenticated attempt.
TEST(Recorder, ASpoofableFailureDoesNotReplaceAnAuthenticatedOne) {
  Recorder r(2);
  Failure refused = from_reason(Phase::kIkeAuth, "peer refused: AUTHENTICATION_FAILED");
  refused.we_initiated = true;
  r.failed("t", 3, refused, kStart);
  Failure forged = proposal_mismatch(Phase::kIkeSaInit, false, {}, {});
  forged.we_initiated = false;
  forged.peer = at("198.51.100.7", 500);
  r.failed("t", 0, forged, kStart + seconds(5));
  // Its plain reason right after it joins it, and does not replace the kept one either.
  r.failed_because("t", 0, Phase::kIkeSaInit, "no acceptable proposal", at("198.51.100.7", 500),
                   kStart + seconds(5), false);
  const auto* ev = r.evidence("t");
  ASSERT_TRUE(ev && ev->failure && ev->spoofable_failure);
  EXPECT_EQ(ev->failure->cause, Cause::kAuthRefused);
  EXPECT_FALSE(ev->failure->spoofable);
  EXPECT_EQ(ev->spoofable_failure->cause, Cause::kProposal);
  EXPECT_TRUE(ev->spoofable_failure->spoofable);
  EXPECT_EQ(ev->spoofable_failure->detail, "no acceptable proposal");
  EXPECT_TRUE(r.outranked("t", 0));  // the engines keep "last attempt failed" as it is
  EXPECT_FALSE(r.outranked("t", 3));
  // A responder's half-open timeout is as forgeable as the IKE_SA_INIT that opened it.
  Failure half = from_reason(Phase::kIkeAuth, "half-open IKE SA timed out");
  half.we_initiated = false;
  EXPECT_TRUE(spoofable(half));
  // A failure we cannot be fooled into (our request went unanswered) replaces both.
  Failure none;
  none.cause = Cause::kNoAnswer;
  none.phase = Phase::kIkeSaInit;
  r.failed("t", 4, none, kStart + seconds(9));
  EXPECT_EQ(r.evidence("t")->failure->cause, Cause::kNoAnswer);
  EXPECT_FALSE(r.evidence("t")->spoofable_failure);
  // With nothing trusted before it, a spoofable failure is the newest failure as before.
  Recorder fresh(1);
  Failure mm = proposal_mismatch(Phase::kMainMode, false, {}, {});
  mm.we_initiated = false;
  fresh.failed("t", 1, mm, kStart);
  ASSERT_TRUE(fresh.evidence("t")->failure);
  EXPECT_TRUE(fresh.evidence("t")->failure->spoofable);
}

TEST(Recorder, TheSpoofableFailureIsShownAsAWarning) {
  Recorder r(2);
  config::Connection conn;
  conn.name = "t";
  Failure refused = from_reason(Phase::kIkeAuth, "peer refused: AUTHENTICATION_FAILED");
  r.failed("t", 3, refused, kStart);
  Failure forged = proposal_mismatch(Phase::kIkeSaInit, false, {}, {});
  forged.we_initiated = false;
  forged.peer = at("198.51.100.7", 500);
  r.failed("t", 0, forged, kStart + seconds(5));
  std::vector<std::string> out;
  r.append_findings(out, conn, {}, nullptr, kStart + seconds(10));
  ASSERT_EQ(out.size(), 2u);
  auto first = parse_line(out[0]);
  EXPECT_EQ(first.code, "auth-refused");
  EXPECT_EQ(first.severity, Severity::kError);
  auto second = parse_line(out[1]);
  EXPECT_EQ(second.code, "proposal-mismatch");
  EXPECT_EQ(second.severity, Severity::kWarning);
  EXPECT_TRUE(second.text.starts_with("unauthenticated attempt: ")) << second.text;
  EXPECT_NE(second.evidence.back().find("IKE_SA_INIT from 198.51.100.7[500], 5 s ago"),
            std::string::npos)
      << second.evidence.back();
}

// The evidence is one entry per configured connection: a reload forgets removed connections,
// and names outside the configuration (whatever a peer makes the engine look up) add nothing.
TEST(Recorder, KeepsOnlyTheConfiguredConnections) {
  Recorder r(2);
  r.failed("gone", 1, from_reason(Phase::kIkeAuth, "x"), kStart);
  r.failed("t", 2, from_reason(Phase::kIkeAuth, "y"), kStart);
  EXPECT_EQ(r.size(), 2u);
  config::Config cfg;
  cfg.connections.emplace_back();
  cfg.connections.back().name = "t";
  r.keep_only(cfg);
  EXPECT_EQ(r.size(), 1u);
  EXPECT_FALSE(r.evidence("gone"));
  ASSERT_TRUE(r.evidence("t"));
  for (int i = 0; i < 100; ++i) {
    auto name = "n" + std::to_string(i);
    r.failed(name, 9, from_reason(Phase::kIkeSaInit, "z"), kStart);
    r.failed_because(name, 9, Phase::kIkeSaInit, "z", at("192.0.2.9", 500), kStart);
    r.received(name, 9, "IKE_SA_INIT", false, 0, false, at("192.0.2.9", 500), kStart);
    r.request_sent(name, 9, "IKE_SA_INIT", 0, at("192.0.2.9", 500), 1, 1, false, kStart);
  }
  EXPECT_EQ(r.size(), 1u);
}

TEST(Recorder, KeepsAFewPortsPerSa) {
  Recorder r(2);
  for (std::uint16_t port = 1000; port < 1100; ++port)
    r.received("t", 1, "INFORMATIONAL", false, 0, false, at("192.0.2.2", port), kStart);
  EXPECT_EQ(r.evidence("t")->ports.size(), kMaxPorts);
  EXPECT_EQ(r.evidence("t")->ports.at(1000).received, 1u);
}

TEST(Recorder, FindingsSampleTheChildCounters) {
  Recorder r(2);
  config::Connection conn;
  conn.name = "t";
  IkeSaInfo sa;
  sa.id = 1;
  sa.connection = "t";
  sa.state = "ESTABLISHED";
  sa.remote = "192.0.2.2[500]";
  ChildSaInfo c;
  c.name = "net";
  c.id = 3;
  c.state = "INSTALLED";
  c.packets_out = 12;
  c.installed_seconds = 40;
  sa.children = {c};
  IkeSaInfo other = sa;
  other.connection = "u";
  std::vector<std::string> out;
  r.append_findings(out, conn, {sa, other}, nullptr, kStart);
  ASSERT_EQ(out.size(), 1u);
  auto f = parse_line(out[0]);
  EXPECT_EQ(f.code, "esp-no-inbound");
  EXPECT_NE(f.text.find("receives none for 40 s"), std::string::npos) << f.text;
  // Traffic flows both ways: the next look sees both counters move and says nothing.
  sa.children[0].packets_in = 5;
  sa.children[0].packets_out = 17;
  out.clear();
  r.append_findings(out, conn, {sa}, nullptr, kStart + seconds(20));
  EXPECT_TRUE(out.empty()) << out[0];
  // Then it stops while we keep sending.
  sa.children[0].packets_out = 30;
  out.clear();
  r.append_findings(out, conn, {sa}, nullptr, kStart + seconds(45));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_NE(parse_line(out[0]).text.find("receives none for 25 s"), std::string::npos) << out[0];
}

TEST(Recorder, SummaryOfAnSaThatIsNotUp) {
  Recorder r(2);
  r.request_sent("t", 1, "IKE_SA_INIT", 0, at("192.0.2.2", 500), 300, 1, false, kStart);
  IkeSaInfo sa;
  sa.id = 1;
  sa.connection = "t";
  sa.state = "CONNECTING";
  EXPECT_EQ(r.summary(sa, kStart + seconds(3)),
            "waiting for the answer to IKE_SA_INIT (message 0) from 192.0.2.2[500]: sent 1 "
            "time(s), first 3 s ago");
}

}  // namespace
}  // namespace oakley::ike::diagnosis
