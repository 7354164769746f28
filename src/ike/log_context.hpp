// The log context (common/log_context.hpp) of IKE traffic, built the same way by both engines:
// `oakctl trace --peer/--connection` and the SPIs in every line of a negotiation depend on it.
#pragma once

#include <cstdint>

#include "common/bytes.hpp"
#include "common/ip_address.hpp"
#include "common/log_context.hpp"
#include "config/connection.hpp"

namespace oakley::ike {

// A received datagram before its SA is known: the sender, and the SPIs (IKEv1: cookies) its
// header claims when it is long enough to have them. Unauthenticated, so only for telling lines
// apart, never for a decision.
inline log::Context datagram_log_context(const Endpoint& remote, ByteView datagram) {
  log::Context c;
  c.peer = remote.address;
  // IKEv1 and IKEv2 headers both start with the initiator's and the responder's 8-byte SPI.
  if (datagram.size() >= 16) {
    c.spi_i = load_be64(datagram.data());
    c.spi_r = load_be64(datagram.data() + 8);
  }
  return c;
}

// The lines of one IKE SA (IKEv1: ISAKMP SA); `connection` may still be null (a responder before
// it chose one).
inline log::Context sa_log_context(const config::Connection* connection, std::uint32_t sa_id,
                                   const Endpoint& remote, std::uint64_t spi_i,
                                   std::uint64_t spi_r) {
  log::Context c;
  if (connection) c.connection = connection->name;
  c.sa_id = sa_id;
  c.peer = remote.address;
  c.spi_i = spi_i;
  c.spi_r = spi_r;
  return c;
}

// A CHILD_SA's SPIs while it is negotiated, before the child exists (IKEv1 Quick Mode knows
// both once QM2 arrives).
struct ChildSpis {
  std::uint32_t in = 0, out = 0;
};

// The same with a CHILD_SA's SPIs, for the lines about that child.
inline log::Context with_child_spis(log::Context c, std::uint32_t spi_in, std::uint32_t spi_out) {
  c.child_spi_in = spi_in;
  c.child_spi_out = spi_out;
  return c;
}

}  // namespace oakley::ike
