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

Status make_parent_directory(const std::string& path) {
  auto slash = path.rfind('/');
  if (slash == std::string::npos || slash == 0) return {};
  std::string parent = path.substr(0, slash);
  if (::mkdir(parent.c_str(), 0700) == 0 || errno == EEXIST) return {};
  return failure(parent, "cannot create the directory");
}

Status claim_path(const std::string& path, const sockaddr_un& address) {
  struct stat info {};
  if (::lstat(path.c_str(), &info) != 0) {
    if (errno == ENOENT) return make_parent_directory(path);
    return failure(path, "cannot inspect");
  }
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

Status secure(const std::string& path) {
  if (::chmod(path.c_str(), 0600) != 0) return failure(path, "chmod 0600");
  if (::geteuid() == 0 && ::chown(path.c_str(), 0, 0) != 0) return failure(path, "chown root");
  return {};
}

Result<ListeningSocket> bind_and_listen(const std::string& path, const sockaddr_un& address) {
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) return failure(path, "socket()");
  // Linux creates the file with the socket inode's mode: 0600 from the first instant.
  ::fchmod(fd, 0600);
  if (::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    Error error = failure(path, "bind");
    ::close(fd);
    return error;
  }
  struct stat info {};
  Status secured = secure(path);
  if (!secured || ::listen(fd, SOMAXCONN) != 0 || ::stat(path.c_str(), &info) != 0) {
    Error error = secured ? failure(path, "listen") : secured.take_error();
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
