#include "daemon/updown_runner.hpp"

#include <fcntl.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <functional>

#include "common/log.hpp"
#include "daemon/updown_env.hpp"

namespace oakley::daemon {
namespace {

using Clock = std::chrono::steady_clock;

// The interface holding our address of the SA (charon: the route's interface to the peer).
std::string interface_of(const IpAddress& local) {
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return "unknown";
  std::string name = "unknown";
  for (auto* i = list; i; i = i->ifa_next) {
    if (!i->ifa_addr) continue;
    const auto* sa = i->ifa_addr;
    std::optional<IpAddress> a;
    if (sa->sa_family == AF_INET) {
      const auto* in = reinterpret_cast<const sockaddr_in*>(sa);
      a = IpAddress::from_bytes(ByteView(reinterpret_cast<const std::uint8_t*>(&in->sin_addr), 4));
    } else if (sa->sa_family == AF_INET6) {
      const auto* in6 = reinterpret_cast<const sockaddr_in6*>(sa);
      a = IpAddress::from_bytes(
          ByteView(reinterpret_cast<const std::uint8_t*>(&in6->sin6_addr), 16));
    }
    if (a && *a == local) {
      name = i->ifa_name;
      break;
    }
  }
  freeifaddrs(list);
  return name;
}

// The script itself: the command's first word (the rest are its arguments).
std::string script_of(const std::string& command) {
  auto start = command.find_first_not_of(" \t");
  if (start == std::string::npos) return {};
  auto end = command.find_first_of(" \t", start);
  return command.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

std::string describe_status(int status) {
  if (WIFEXITED(status)) return fmt::format("exit status {}", WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return fmt::format("killed by signal {}", WTERMSIG(status));
  return "ended abnormally";
}

}  // namespace

UpdownRunner::UpdownRunner(std::chrono::milliseconds timeout) : timeout_(timeout) {
  for (auto& w : workers_)
    w.thread = std::thread([this, &w] { work(w); });
}

UpdownRunner::~UpdownRunner() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& w : workers_) {
    if (w.thread.joinable()) w.thread.join();
  }
}

void UpdownRunner::on_event(const ike::SaEvent& event) {
  if (event.updown.empty()) return;
  auto calls = updown_calls(event, interface_of(event.local.address),
                            std::getenv("PATH") ? std::getenv("PATH") : "");
  std::size_t key = std::hash<std::string>{}(event.connection + "/" + event.child) ^ event.reqid;
  for (auto& c : calls) {
    submit(
        {event.updown, std::move(c.env),
         fmt::format("{} of {}/{}{{{}}}", c.verb, event.connection, event.child, event.child_id)},
        key);
  }
}

void UpdownRunner::submit(UpdownJob job, std::size_t key) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || queued_ >= kMaxQueued) {
      ++failures_;
      log::error("updown", "updown {} dropped: {} calls already waiting", job.what, queued_);
      return;
    }
    ++queued_;
    workers_[key % workers_.size()].queue.push_back(std::move(job));
  }
  wake_.notify_all();
}

void UpdownRunner::drain() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [this] {
    if (queued_) return false;
    for (auto& w : workers_) {
      if (w.busy) return false;
    }
    return true;
  });
}

void UpdownRunner::work(Worker& w) {
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait(lock, [&] { return stopping_ || !w.queue.empty(); });
    if (stopping_) return;
    UpdownJob job = std::move(w.queue.front());
    w.queue.pop_front();
    --queued_;
    w.busy = true;
    lock.unlock();
    run(job);
    lock.lock();
    w.busy = false;
    idle_.notify_all();
  }
}

void UpdownRunner::run(const UpdownJob& job) {
  ++runs_;
  // Checked each time: the file may have gone or lost its x bit since the configuration loaded.
  auto script = script_of(job.command);
  if (access(script.c_str(), X_OK) != 0) {
    ++failures_;
    log::error("updown", "updown {}: cannot run '{}': {}", job.what, script, std::strerror(errno));
    return;
  }
  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) {
    ++failures_;
    log::error("updown", "updown {}: pipe: {}", job.what, std::strerror(errno));
    return;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 1);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 2);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  // Its own process group, so a timeout kills whatever the script started too; default signal
  // handling and mask (the daemon's loop blocks some signals).
  sigset_t none, all;
  sigemptyset(&none);
  sigfillset(&all);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &all);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setflags(&attr,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  std::vector<char*> argv{const_cast<char*>("/bin/sh"), const_cast<char*>("-c"),
                          const_cast<char*>(job.command.c_str()), nullptr};
  std::vector<char*> envp;
  for (const auto& e : job.env)
    envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, "/bin/sh", &actions, &attr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  close(pipe_fds[1]);
  if (rc != 0) {
    close(pipe_fds[0]);
    ++failures_;
    log::error("updown", "updown {}: cannot start /bin/sh: {}", job.what, std::strerror(rc));
    return;
  }
  auto deadline = Clock::now() + timeout_;
  std::string output;
  bool timed_out = false, eof = false;
  int status = 0;
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      kill(-pid, SIGKILL);
      waitpid(pid, &status, 0);
      break;
    }
    if (!eof) {
      pollfd p{pipe_fds[0], POLLIN, 0};
      if (poll(&p, 1, static_cast<int>(std::min<long long>(left.count(), 100))) > 0) {
        char buf[1024];
        ssize_t n = read(pipe_fds[0], buf, sizeof buf);
        if (n <= 0) {
          eof = true;
        } else if (output.size() < kMaxOutput) {
          output.append(buf, std::min<std::size_t>(n, kMaxOutput - output.size()));
        }
      }
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (waitpid(pid, &status, WNOHANG) == pid) break;
  }
  // What the script wrote just before it ended is still in the pipe.
  for (pollfd p{pipe_fds[0], POLLIN, 0}; output.size() < kMaxOutput && poll(&p, 1, 0) > 0;) {
    char buf[1024];
    ssize_t n = read(pipe_fds[0], buf, sizeof buf);
    if (n <= 0) break;
    output.append(buf, std::min<std::size_t>(n, kMaxOutput - output.size()));
  }
  close(pipe_fds[0]);
  bool ok = !timed_out && WIFEXITED(status) && WEXITSTATUS(status) == 0;
  if (!ok) ++failures_;
  std::string result = timed_out ? fmt::format("killed after {}s", timeout_.count() / 1000)
                                 : describe_status(status);
  while (!output.empty() && output.back() == '\n')
    output.pop_back();
  if (ok) {
    log::info("updown", "updown {}: {}{}{}", job.what, result, output.empty() ? "" : ": ", output);
  } else {
    log::error("updown", "updown {} failed: {}{}{}", job.what, result,
               output.empty() ? "" : ", output: ", output);
  }
}

}  // namespace oakley::daemon
