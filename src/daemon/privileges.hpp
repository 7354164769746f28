// Least privilege: after oakleyd has opened what needs root (UDP 500/4500, raw ESP sockets, the
// TUN device, the control socket), it becomes the configured user and group and keeps a single
// capability, CAP_NET_ADMIN, on the thread that runs the event loop: routes, addresses (virtual
// IPs) and the nftables inbound filter change while SAs come and go. Everything else is gone:
// CAP_NET_RAW and CAP_NET_BIND_SERVICE (the sockets stay open), CAP_SETUID/SETGID, the bounding
// set (nothing can be regained through exec), supplementary groups. The other threads (crypto and
// data-plane workers) keep no capability at all.
#pragma once

#include <sys/types.h>

#include <string>

#include "common/result.hpp"

namespace oakley::daemon {

struct Account {
  uid_t uid = 0;
  gid_t gid = 0;
  std::string user;
  std::string group;
};

// Looks up `user` and `group` (names or numbers); an empty group means the user's primary group.
Result<Account> resolve_account(const std::string& user, const std::string& group);

// Switches every thread to `account` and keeps CAP_NET_ADMIN on the calling thread only. Needs
// root (CAP_SETUID, CAP_SETGID, CAP_SETPCAP). Checks the result before it returns.
Status drop_privileges(const Account& account);

}  // namespace oakley::daemon
