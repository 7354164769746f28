// Where an initiator sends its first IKE message and from which address, for both IKE versions:
// the connection's literal addresses as they are, or its DNS names resolved afresh, at every
// initiation, retry and reconnect (a peer whose dynamic DNS name moved is followed).
//
// The peer: the first entry of remote_addrs that is an address or a name, in order; a name that
// does not resolve gives way to the next such entry, as charon does. Our address: local_addrs'
// first entry when it is an address or a name (a name resolved in the peer's family), else none
// and the route decides.
//
// Address family, as strongSwan prefers it: a name is resolved in the family of a literal first
// local_addrs entry, else of a %any4/%any6 in local_addrs or remote_addrs, else in either family.
// Of a name's addresses the first (getaddrinfo's RFC 6724 order) that this host has a route to
// (PacketSender::source_for) is taken, else the first.
#pragma once

#include <functional>
#include <optional>
#include <string_view>

#include "common/ip_address.hpp"
#include "common/packet_sender.hpp"
#include "common/result.hpp"
#include "config/connection.hpp"
#include "ike/host_names.hpp"

namespace oakley::ike {

struct InitiationAddresses {
  IpAddress remote;
  std::optional<IpAddress> local;  // nullopt: none configured, the route decides
};

using InitiationDone = std::function<void(Result<InitiationAddresses>)>;

// Calls `done` with the addresses to initiate `conn` with: inline when the connection names
// literal addresses only, later (after `names` resolved them) when it names DNS names. A name
// that does not resolve is an error naming the connection, the name and the resolver's reason,
// logged and counted (HostNameCounters::initiate_failures). `names` nullptr: names are an error.
// `conn` need not outlive the call.
void resolve_initiation_addresses(HostNames* names, PacketSender& sender,
                                  const config::Connection& conn, InitiationDone done);

// A trap without one peer (remote_addrs %any, a subnet or a range), hit by a packet to
// `destination`: as charon, initiate to that destination if remote_addrs holds it, from
// local_addrs' first entry when that is an address. nullopt, with a log line naming the
// connection and child, when remote_addrs does not hold it.
std::optional<InitiationAddresses> trap_initiation_addresses(const config::Connection& conn,
                                                             std::string_view child,
                                                             const IpAddress& destination);

// An initiation in two steps, as both engines make it: resolve_initiation_addresses, then `next`
// with the result and the initiation's completion (which `next` may take over). The status of
// `next` is returned when the addresses came inside the call (literal addresses), so that the
// caller hears of an error at once; after a lookup, an error goes to the completion instead,
// unless `next` took it.
using Completion = std::function<void(const Status&)>;
using AfterAddresses = std::function<Status(Result<InitiationAddresses>, Completion& done)>;
Status initiate_when_resolved(HostNames* names, PacketSender& sender,
                              const config::Connection& conn, Completion done, AfterAddresses next);

}  // namespace oakley::ike
