// The SA counts oakleyd reports to systemd (STATUS=), from both engines: a cheap change stamp made
// of the engines' SA table sizes and event counters, and the full count that walks every SA.
#pragma once

#include "daemon/engines.hpp"
#include "daemon/service_notify.hpp"

namespace oakley::daemon {

SaCounts count_sas(const Engines& engines);
SaCountSource sa_count_source(const Engines& engines);

}  // namespace oakley::daemon
