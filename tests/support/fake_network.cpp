#include "support/fake_network.hpp"

#include <utility>

namespace oakley::test_support {

std::uint64_t FakeNet::attach(int side, IpAddress address, Receiver receiver) {
  sides_[side] = Side{address, std::move(receiver), next_id_};
  return next_id_++;
}

void FakeNet::detach(int side, std::uint64_t id) {
  if (sides_[side] && sides_[side]->id == id) sides_[side].reset();
}

void FakeNet::push(Datagram d) {
  if (nat_public && d.sender == 0) {
    d.from = Endpoint{nat_public->address,
                      static_cast<std::uint16_t>(nat_public->port + (d.from.port == 500 ? 0 : 1))};
  }
  queue.push_back(std::move(d));
}

int FakeNet::receiver_of(const Datagram& d) const {
  if (d.sender != 1) return 1;
  // The right side answers the left one (also behind nat_public) unless it sends to the second
  // client's address.
  if (sides_[2] && sides_[2]->address == d.to.address) return 2;
  return 0;
}

void FakeNet::deliver(const Datagram& d) {
  int to = receiver_of(d);
  const auto& side = sides_[to];
  if (!side) return;
  Endpoint local = d.to;
  if (nat_public && to == 0) {
    // Reverse translation towards the left side.
    local = Endpoint{side->address,
                     static_cast<std::uint16_t>(d.to.port == nat_public->port ? 500 : 4500)};
  }
  log.push_back(d);
  side->receive(d.data, local, d.from);
  ++delivered;
}

std::size_t FakeNet::pump(std::size_t limit) {
  std::size_t n = 0;
  while (!queue.empty() && n < limit) {
    Datagram d = std::move(queue.front());
    queue.pop_front();
    if (filter && !filter(d)) {
      ++dropped;
      continue;
    }
    int copies = duplicate ? duplicate(d) : 0;
    deliver(d);
    for (int i = 0; i < copies; ++i)
      deliver(d);
    ++n;
  }
  return n;
}

void FakeSender::send(const Endpoint& local, const Endpoint& remote, ByteView message) {
  Endpoint from = local;
  if (from.address.is_unspecified()) from.address = self_;
  net_.push(Datagram{from, remote, Bytes(message.begin(), message.end()), side_});
}

}  // namespace oakley::test_support
