// ServiceNotifier: READY/STATUS/WATCHDOG/STOPPING on a hand-driven clock (what is sent, and how
// rarely), and through the real libsystemd sd_notify to a socket standing in for systemd.
#include "daemon/service_notify.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <vector>

#include "common/timer_heap.hpp"
#include "daemon/notify_socket.hpp"

namespace oakley::daemon {
namespace {

using namespace std::chrono_literals;

// The counts a fake engine reports; `stamp` is what a cheap change stamp would show.
struct FakeSas {
  std::uint64_t stamp = 0;
  SaCounts counts{};
  int count_calls = 0;

  SaCountSource source() {
    return {[this] { return stamp; },
            [this] {
              ++count_calls;
              return counts;
            }};
  }
};

class NotifierTest : public ::testing::Test {
 protected:
  std::unique_ptr<ServiceNotifier> make(std::optional<Duration> watchdog = std::nullopt) {
    NotifierTiming timing{
        .status_interval = 5s, .recount_interval = 60s, .watchdog_interval = watchdog};
    return std::make_unique<ServiceNotifier>(
        timers_, [this](const std::string& m) { sent_.push_back(m); }, sas_.source(), timing);
  }
  std::vector<std::string> take() { return std::exchange(sent_, {}); }

  TimerHeap timers_;
  FakeSas sas_;
  std::vector<std::string> sent_;
};

TEST(StatusText, CountsEverySaKindWithPlurals) {
  EXPECT_EQ(status_text({.ike_up = 2, .ike_connecting = 1, .child_up = 3, .connections = 4}),
            "2 IKE SAs up, 1 connecting; 3 CHILD SAs; 4 connections loaded");
  EXPECT_EQ(status_text({.ike_up = 1, .ike_connecting = 0, .child_up = 1, .connections = 1}),
            "1 IKE SA up, 0 connecting; 1 CHILD SA; 1 connection loaded");
}

TEST_F(NotifierTest, ReadyCarriesTheFirstStatus) {
  sas_.counts.connections = 2;
  auto n = make();
  n->ready();
  EXPECT_EQ(take(), std::vector<std::string>{
                        "READY=1\nSTATUS=0 IKE SAs up, 0 connecting; 0 CHILD SAs; 2 connections "
                        "loaded"});
}

TEST_F(NotifierTest, NothingIsCountedOrSentWhileTheStampStands) {
  auto n = make();
  n->ready();
  take();
  int calls = sas_.count_calls;
  timers_.advance(50s);
  EXPECT_TRUE(take().empty());
  EXPECT_EQ(sas_.count_calls, calls);
}

TEST_F(NotifierTest, ABurstOfChangesIsOneStatusPerInterval) {
  auto n = make();
  n->ready();
  take();
  for (int i = 1; i <= 1000; ++i) {  // a thousand SAs come up within one interval
    sas_.stamp = static_cast<std::uint64_t>(i);
    sas_.counts.ike_up = static_cast<std::size_t>(i);
    timers_.advance(1ms);
  }
  timers_.advance(5s);
  auto sent = take();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0], "STATUS=1000 IKE SAs up, 0 connecting; 0 CHILD SAs; 0 connections loaded");
}

TEST_F(NotifierTest, AMovedStampWithTheSameCountsSendsNothing) {
  sas_.counts.ike_up = 1;
  auto n = make();
  n->ready();
  take();
  sas_.stamp = 7;  // e.g. a rekey: counters moved, the number of SAs did not
  timers_.advance(5s);
  EXPECT_TRUE(take().empty());
}

TEST_F(NotifierTest, AChangeTheStampMissedShowsAtTheRecount) {
  auto n = make();
  n->ready();
  take();
  sas_.counts.child_up = 1;  // the stamp did not move
  timers_.advance(55s);
  EXPECT_TRUE(take().empty());
  timers_.advance(5s);
  EXPECT_EQ(take(), std::vector<std::string>{
                        "STATUS=0 IKE SAs up, 0 connecting; 1 CHILD SA; 0 connections loaded"});
}

TEST_F(NotifierTest, RefreshCountsAtOnce) {
  auto n = make();
  n->ready();
  take();
  sas_.counts.connections = 3;  // a reload; no timer has run
  n->refresh();
  EXPECT_EQ(take(), std::vector<std::string>{
                        "STATUS=0 IKE SAs up, 0 connecting; 0 CHILD SAs; 3 connections loaded"});
}

TEST_F(NotifierTest, WatchdogPingsFromTheLoopUntilStopping) {
  auto n = make(10s);
  n->ready();
  take();
  for (int s = 0; s < 35; ++s)
    timers_.advance(1s);
  EXPECT_EQ(take(), (std::vector<std::string>{"WATCHDOG=1", "WATCHDOG=1", "WATCHDOG=1"}));
  n->stopping();
  EXPECT_EQ(take(),
            std::vector<std::string>{"STOPPING=1\nSTATUS=shutting down: deleting every SA"});
  sas_.stamp = 1;
  sas_.counts.ike_up = 1;
  timers_.advance(100s);
  n->refresh();
  n->stopping();
  EXPECT_TRUE(take().empty());
}

TEST_F(NotifierTest, NoWatchdogPingsWithoutWatchdogSec) {
  auto n = make();
  n->ready();
  take();
  timers_.advance(100s);
  EXPECT_TRUE(take().empty());
}

TEST_F(NotifierTest, DestroyingTheNotifierCancelsItsTimers) {
  auto n = make(10s);
  n->ready();
  n.reset();
  EXPECT_EQ(timers_.advance(100s), 0u);
}

// The environment systemd gives a Type=notify service with WatchdogSec, set for one test.
class SystemdEnvironment {
 public:
  SystemdEnvironment(const std::string& socket, std::optional<std::string> watchdog_usec) {
    ::setenv("NOTIFY_SOCKET", socket.c_str(), 1);
    if (watchdog_usec) {
      ::setenv("WATCHDOG_USEC", watchdog_usec->c_str(), 1);
      ::setenv("WATCHDOG_PID", std::to_string(::getpid()).c_str(), 1);
    }
  }
  ~SystemdEnvironment() {
    for (const char* name : {"NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"})
      ::unsetenv(name);
  }
};

std::filesystem::path socket_path(const char* name) {
  return std::filesystem::temp_directory_path() / fmt::format("oakley-{}-{}", name, ::getpid());
}

TEST(SystemdNotifier, NoNotifySocketMeansNoNotifier) {
  ::unsetenv("NOTIFY_SOCKET");
  TimerHeap timers;
  FakeSas sas;
  EXPECT_EQ(ServiceNotifier::from_environment(timers, sas.source()), nullptr);
}

TEST(SystemdNotifier, ReachesTheNotifySocketThroughLibsystemd) {
  testing::NotifySocket systemd(socket_path("notify"));
  ASSERT_TRUE(systemd.ok());
  SystemdEnvironment env(systemd.path(), "20000000");  // WatchdogSec=20s
  TimerHeap timers;
  FakeSas sas;
  sas.counts.connections = 1;
  auto n = ServiceNotifier::from_environment(timers, sas.source());
  ASSERT_NE(n, nullptr);
  n->ready();
  EXPECT_EQ(systemd.receive(),
            "READY=1\nSTATUS=0 IKE SAs up, 0 connecting; 0 CHILD SAs; 1 connection loaded");
  timers.advance(9s);
  EXPECT_EQ(systemd.receive(200), std::nullopt);
  timers.advance(1s);  // half of WatchdogSec
  EXPECT_EQ(systemd.receive(), "WATCHDOG=1");
  n->stopping();
  EXPECT_EQ(systemd.receive(), "STOPPING=1\nSTATUS=shutting down: deleting every SA");
}

TEST(SystemdNotifier, AWatchdogMeantForAnotherProcessIsNotOurs) {
  testing::NotifySocket systemd(socket_path("notify-pid"));
  ASSERT_TRUE(systemd.ok());
  SystemdEnvironment env(systemd.path(), "20000000");
  ::setenv("WATCHDOG_PID", std::to_string(::getpid() + 1).c_str(), 1);
  TimerHeap timers;
  FakeSas sas;
  auto n = ServiceNotifier::from_environment(timers, sas.source());
  ASSERT_NE(n, nullptr);
  n->ready();
  ASSERT_TRUE(systemd.receive());
  timers.advance(30s);
  EXPECT_EQ(systemd.receive(200), std::nullopt);
}

}  // namespace
}  // namespace oakley::daemon
