// Virtual IPs over the configuration payload (RFC 7296 2.19, 3.15). A client (connection with
// `vips`) asks with CFG_REQUEST in IKE_AUTH and installs what CFG_REPLY assigns on its TUN device;
// a gateway (connection with `pools`) leases an address per requested family, answers with it
// and the pool's DNS/NBNS servers, and releases it when the IKE SA goes.
#pragma once

#include <optional>

#include "config/config.hpp"
#include "ikev2/ike_sa.hpp"
#include "ikev2/task.hpp"

namespace oakley::ikev2 {

class ExchangeContext;

// The CFG_REQUEST for the connection's vips; nullopt when it asks for none.
std::optional<wire::ikev2::Payload> cp_request(const config::Connection& conn);

// Client: takes at most one acceptable address per family we asked for from the CFG_REPLY into
// sa.local_vips and installs it (ike/virtual_ip_check.hpp says what is refused; the rest is
// logged and counted). An error when we asked for an address and none is usable.
Status accept_cp_reply(ExchangeContext& ctx, IkeSa& sa, const Payloads& payloads);

// Gateway: the CFG_REPLY for a CFG_REQUEST (nullopt: no request, or the connection has no
// pools); the error (a pool is exhausted) goes back as INTERNAL_ADDRESS_FAILURE.
Result<std::optional<wire::ikev2::Payload>> answer_cp_request(ExchangeContext& ctx, IkeSa& sa,
                                                              const config::Connection& conn,
                                                              const Payloads& payloads);

// Gives back what the SA holds: leases to their pools, our virtual IPs off the TUN device.
void release_vips(ExchangeContext& ctx, IkeSa& sa);

}  // namespace oakley::ikev2
