#include "dataplane/tun/tun_device.hpp"

#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "dataplane/tun/offload.hpp"

namespace oakley::dataplane::tun {

namespace {

Error sys_error(const std::string& what) {
  return make_error(what + ": " + std::strerror(errno), errno);
}

Result<Fd> open_queue(const std::string& name, bool offload) {
  Fd fd(::open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC));
  if (!fd.valid()) return sys_error("open /dev/net/tun");
  ifreq ifr{};
  ifr.ifr_flags =
      static_cast<short>(IFF_TUN | IFF_NO_PI | IFF_MULTI_QUEUE | (offload ? IFF_VNET_HDR : 0));
  std::strncpy(ifr.ifr_name, name.c_str(), IFNAMSIZ - 1);
  if (::ioctl(fd.get(), TUNSETIFF, &ifr) < 0) return sys_error("TUNSETIFF " + name);
  if (!offload) return fd;
  int header = kVnetHeaderSize;
  if (::ioctl(fd.get(), TUNSETVNETHDRSZ, &header) < 0) return sys_error("TUNSETVNETHDRSZ");
  // Checksums may stay partial, TCP may come as TSO super-packets (IPv4 and IPv6).
  const unsigned features = TUN_F_CSUM | TUN_F_TSO4 | TUN_F_TSO6;
  if (::ioctl(fd.get(), TUNSETOFFLOAD, features) < 0) return sys_error("TUNSETOFFLOAD");
  return fd;
}

// MTU and IFF_UP go through an ordinary socket's interface ioctls.
Status configure_link(const std::string& name, unsigned mtu) {
  Fd sock(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  if (!sock.valid()) return sys_error("socket");
  ifreq ifr{};
  std::strncpy(ifr.ifr_name, name.c_str(), IFNAMSIZ - 1);
  ifr.ifr_mtu = static_cast<int>(mtu);
  if (::ioctl(sock.get(), SIOCSIFMTU, &ifr) < 0) return sys_error("set MTU of " + name);
  if (::ioctl(sock.get(), SIOCGIFFLAGS, &ifr) < 0) return sys_error("flags of " + name);
  ifr.ifr_flags = static_cast<short>(ifr.ifr_flags | IFF_UP);
  if (::ioctl(sock.get(), SIOCSIFFLAGS, &ifr) < 0) return sys_error("bring up " + name);
  return {};
}

}  // namespace

Result<TunDevice> TunDevice::open(const std::string& name, unsigned queues, unsigned mtu,
                                  bool offload) {
  if (name.empty() || name.size() >= IFNAMSIZ)
    return make_error("TUN device name '" + name + "' must have 1-15 characters");
  TunDevice dev;
  dev.name_ = name;
  dev.mtu_ = mtu;
  dev.offload_ = offload;
  for (unsigned i = 0; i < std::max(queues, 1u); ++i) {
    auto q = open_queue(name, offload);
    if (!q) return q.take_error();
    dev.queues_.push_back(std::move(q).value());
  }
  if (auto s = configure_link(name, mtu); !s) return s.take_error();
  dev.ifindex_ = static_cast<int>(::if_nametoindex(name.c_str()));
  if (dev.ifindex_ == 0) return sys_error("if_nametoindex " + name);
  return dev;
}

}  // namespace oakley::dataplane::tun
