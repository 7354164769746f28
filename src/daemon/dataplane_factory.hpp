// The data plane the `dataplane` setting asks for: the userspace TUN backend (default), none (IKE
// only: SAs are negotiated but carry nothing), or the kernel's XFRM (not built yet).
#pragma once

#include <memory>

#include "common/result.hpp"
#include "config/daemon_settings.hpp"
#include "dataplane/backend.hpp"

namespace oakley::daemon {

Result<std::unique_ptr<dataplane::Backend>> make_dataplane(const config::DaemonSettings& settings);

}  // namespace oakley::daemon
