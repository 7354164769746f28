#include "daemon/privileges.hpp"

#include <cap-ng.h>
#include <fmt/format.h>
#include <grp.h>
#include <pwd.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <optional>
#include <vector>

namespace oakley::daemon {
namespace {

std::optional<unsigned> as_number(const std::string& text) {
  unsigned n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return n;
}

Result<passwd> find_user(const std::string& user, std::vector<char>& buffer) {
  passwd entry{};
  passwd* found = nullptr;
  buffer.resize(16384);
  auto id = as_number(user);
  int rc = id ? ::getpwuid_r(*id, &entry, buffer.data(), buffer.size(), &found)
              : ::getpwnam_r(user.c_str(), &entry, buffer.data(), buffer.size(), &found);
  if (rc != 0 || found == nullptr)
    return make_error(fmt::format("oakley.user '{}': no such user{}", user,
                                  rc ? std::string(": ") + std::strerror(rc) : ""));
  return entry;
}

Result<gid_t> find_group(const std::string& group) {
  if (auto id = as_number(group)) return static_cast<gid_t>(*id);
  std::vector<char> buffer(16384);
  ::group entry{};
  ::group* found = nullptr;
  int rc = ::getgrnam_r(group.c_str(), &entry, buffer.data(), buffer.size(), &found);
  if (rc != 0 || found == nullptr)
    return make_error(fmt::format("oakley.group '{}': no such group{}", group,
                                  rc ? std::string(": ") + std::strerror(rc) : ""));
  return entry.gr_gid;
}

// What the kernel reports for this thread after the switch: nothing but CAP_NET_ADMIN, and
// every id (real, effective, saved) changed.
Status verify(const Account& account) {
  uid_t ruid, euid, suid;
  gid_t rgid, egid, sgid;
  ::getresuid(&ruid, &euid, &suid);
  ::getresgid(&rgid, &egid, &sgid);
  if (ruid != account.uid || euid != account.uid || suid != account.uid || rgid != account.gid ||
      egid != account.gid || sgid != account.gid)
    return make_error("privilege drop: user or group ids did not all change");
  capng_get_caps_process();
  if (capng_have_capability(CAPNG_EFFECTIVE, CAP_NET_ADMIN) != 1)
    return make_error("privilege drop: CAP_NET_ADMIN was lost");
  for (int cap :
       {CAP_SETUID, CAP_SETGID, CAP_SETPCAP, CAP_NET_RAW, CAP_SYS_ADMIN, CAP_DAC_OVERRIDE})
    if (capng_have_capability(CAPNG_PERMITTED, cap) == 1)
      return make_error(fmt::format("privilege drop: capability {} is still held", cap));
  return {};
}

}  // namespace

Result<Account> resolve_account(const std::string& user, const std::string& group) {
  if (user.empty()) return make_error("oakley.group is set without oakley.user");
  std::vector<char> buffer;
  auto pw = find_user(user, buffer);
  if (!pw) return pw.take_error();
  Account a{pw->pw_uid, pw->pw_gid, user, group};
  if (!group.empty()) {
    auto gid = find_group(group);
    if (!gid) return gid.take_error();
    a.gid = *gid;
  }
  if (a.uid == 0) return make_error(fmt::format("oakley.user '{}' is root: nothing to drop", user));
  return a;
}

Status drop_privileges(const Account& account) {
  if (::geteuid() != 0)
    return make_error(
        fmt::format("oakley.user = {}: oakleyd must start as root to switch to it", account.user));
  capng_clear(CAPNG_SELECT_BOTH);
  capng_update(CAPNG_ADD, static_cast<capng_type_t>(CAPNG_EFFECTIVE | CAPNG_PERMITTED),
               CAP_NET_ADMIN);
  // Supplementary groups dropped, bounding set cleared, ids changed with the kept capabilities
  // carried over (PR_SET_KEEPCAPS for the switch). glibc changes the ids of every thread; the
  // threads other than this one lose all capabilities with that, as the kernel does for a thread
  // that stops being root without keepcaps.
  int rc = capng_change_id(static_cast<int>(account.uid), static_cast<int>(account.gid),
                           static_cast<capng_flags_t>(CAPNG_DROP_SUPP_GRP | CAPNG_CLEAR_BOUNDING));
  if (rc != 0)
    return make_error(fmt::format("cannot switch to user {} / gid {} (libcap-ng error {}): {}",
                                  account.user, account.gid, rc, std::strerror(errno)));
  // No exec will ever gain anything back.
  ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
  return verify(account);
}

}  // namespace oakley::daemon
