// The TUN device of the userspace data plane: one multi-queue device (IFF_TUN | IFF_NO_PI |
// IFF_MULTI_QUEUE), one non-blocking queue per worker so the kernel spreads flows over the
// workers. The device exists while its queues are open: closing it removes it and its routes.
#pragma once

#include <string>
#include <vector>

#include "common/result.hpp"
#include "dataplane/tun/fd.hpp"

namespace oakley::dataplane::tun {

class TunDevice {
 public:
  // Creates (or attaches to) `name` with `queues` queues, sets the MTU and brings the link up.
  // With `offload`, every read and write starts with a virtio_net_hdr and the kernel may hand
  // over TCP super-packets and partial checksums (tun/offload.hpp).
  static Result<TunDevice> open(const std::string& name, unsigned queues, unsigned mtu,
                                bool offload);

  const std::string& name() const { return name_; }
  int ifindex() const { return ifindex_; }
  unsigned mtu() const { return mtu_; }
  bool offload() const { return offload_; }
  int queue(unsigned i) const { return queues_[i].get(); }
  unsigned queue_count() const { return static_cast<unsigned>(queues_.size()); }

 private:
  std::string name_;
  int ifindex_ = 0;
  unsigned mtu_ = 0;
  bool offload_ = false;
  std::vector<Fd> queues_;
};

}  // namespace oakley::dataplane::tun
