// The control socket's file: root-only, never two daemons on one path, stale files cleaned up.
#pragma once

#include <sys/types.h>

#include <string>

#include "common/result.hpp"

namespace oakley::control {

// Opens a listening Unix stream socket at `path` with mode 0600, owned by us (root): the mode is
// set on the socket before bind(), never by path. Refuses a parent directory that someone other
// than root (or us) owns or may write (group/world-writable without the sticky bit), since its
// writer could swap the socket; refuses when a live daemon answers on `path` or when `path` is
// something other than a socket; removes a stale socket file left by a daemon that died. Creates a
// missing parent directory (mode 0700). Returns the listening fd and the inode it created (see
// remove_socket_file).
struct ListeningSocket {
  int fd = -1;
  ino_t inode = 0;
};
Result<ListeningSocket> listen_unix(const std::string& path);

// Unlinks `path` if it is still the socket we created, not a successor's.
void remove_socket_file(const std::string& path, ino_t inode);

}  // namespace oakley::control
