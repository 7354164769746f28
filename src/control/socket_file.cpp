#include "control/socket_file.hpp"

#include <fmt/format.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace oakley::control {
namespace {

Error failure(const std::string& path, std::string_view what) {
  return make_error(fmt::format("control socket {}: {}: {}", path, what, std::strerror(errno)),
                    errno);
}

Result<sockaddr_un> unix_address(const std::string& path) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (path.empty() || path.size() >= sizeof address.sun_path)
    return make_error(fmt::format("control socket path '{}' must be 1 to {} bytes long", path,
                                  sizeof address.sun_path - 1));
  std::memcpy(address.sun_path, path.data(), path.size());
  return address;
}

// True when something accepts connections at `address`.
bool someone_listens(const sockaddr_un& address) {
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  bool live = ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
  ::close(fd);
  return live;
}

// The directory decides who may replace the socket file (rename or unlink it, put their own in
// its place): it must belong to root (or to us) and not be writable by anyone else, unless the
// sticky bit keeps others from touching our entry (as in /tmp).
Status check_parent_directory(const std::string& parent) {
  struct stat info {};
  if (::stat(parent.c_str(), &info) != 0) return failure(parent, "cannot inspect the directory");
  if (!S_ISDIR(info.st_mode))
    return make_error(fmt::format("control socket directory {}: not a directory", parent));
  const bool trusted_owner = info.st_uid == 0 || info.st_uid == ::geteuid();
  const bool others_write = (info.st_mode & (S_IWGRP | S_IWOTH)) != 0;
  if (!trusted_owner)
    return make_error(fmt::format(
        "control socket directory {}: owned by uid {}, not root: whoever owns it could replace "
        "the socket; use a directory owned by root",
        parent, info.st_uid));
  if (others_write && (info.st_mode & S_ISVTX) == 0)
    return make_error(fmt::format(
        "control socket directory {}: mode {:04o} lets others than its owner replace the socket; "
        "use a directory that only root can write (e.g. chmod go-w)",
        parent, info.st_mode & 07777));
  return {};
}

std::string parent_of(const std::string& path) {
  auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

Status make_parent_directory(const std::string& path) {
  std::string parent = parent_of(path);
  if (::mkdir(parent.c_str(), 0700) == 0 || errno == EEXIST) return check_parent_directory(parent);
  return failure(parent, "cannot create the directory");
}

Status claim_path(const std::string& path, const sockaddr_un& address) {
  struct stat info {};
  if (::lstat(path.c_str(), &info) != 0) {
    if (errno == ENOENT) return make_parent_directory(path);
    return failure(path, "cannot inspect");
  }
  if (auto st = check_parent_directory(parent_of(path)); !st) return st;
  if (!S_ISSOCK(info.st_mode))
    return make_error(
        fmt::format("control socket {}: exists and is not a socket; not touching it", path));
  if (someone_listens(address))
    return make_error(
        fmt::format("control socket {}: another oakley daemon is running and "
                    "answers there",
                    path));
  if (::unlink(path.c_str()) != 0) return failure(path, "cannot remove the stale socket");
  return {};
}

// No chmod or chown by path, which a directory writer could redirect: the socket inode gets its
// mode before bind() (Linux gives the file the inode's mode), and the file belongs to whoever
// binds it, i.e. to us (root). What bind() created is then checked through the directory we
// verified.
Result<ListeningSocket> bind_and_listen(const std::string& path, const sockaddr_un& address) {
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) return failure(path, "socket()");
  if (::fchmod(fd, 0600) != 0) {
    Error error = failure(path, "fchmod 0600");
    ::close(fd);
    return error;
  }
  // The umask only ever removes bits: with 0600 asked for, it cannot widen anything.
  if (::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    Error error = failure(path, "bind");
    ::close(fd);
    return error;
  }
  struct stat info {};
  if (::lstat(path.c_str(), &info) != 0 || !S_ISSOCK(info.st_mode) || (info.st_mode & 0077) != 0 ||
      info.st_uid != ::geteuid()) {
    Error error = make_error(fmt::format(
        "control socket {}: bound, but the file is not a socket of ours with mode 0600", path));
    ::close(fd);
    return error;
  }
  if (::listen(fd, SOMAXCONN) != 0) {
    Error error = failure(path, "listen");
    ::unlink(path.c_str());
    ::close(fd);
    return error;
  }
  return ListeningSocket{fd, info.st_ino};
}

}  // namespace

Result<ListeningSocket> listen_unix(const std::string& path) {
  auto address = unix_address(path);
  if (!address) return address.take_error();
  if (auto claimed = claim_path(path, *address); !claimed) return claimed.take_error();
  return bind_and_listen(path, *address);
}

void remove_socket_file(const std::string& path, ino_t inode) {
  struct stat info {};
  if (::lstat(path.c_str(), &info) == 0 && info.st_ino == inode) ::unlink(path.c_str());
}

}  // namespace oakley::control
