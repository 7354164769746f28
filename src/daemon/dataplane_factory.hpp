// The data plane the `dataplane` setting asks for: the userspace TUN backend (default), none (IKE
// only: SAs are negotiated but carry nothing), or the kernel's XFRM (not built yet).
#pragma once

#include <memory>
#include <vector>

#include "common/result.hpp"
#include "config/daemon_settings.hpp"
#include "dataplane/backend.hpp"

namespace oakley::daemon {

// `ike_ports`: the UDP ports our IKE sockets are bound to (the inbound filter leaves them open).
Result<std::unique_ptr<dataplane::Backend>> make_dataplane(const config::DaemonSettings& settings,
                                                           std::vector<std::uint16_t> ike_ports);

}  // namespace oakley::daemon
