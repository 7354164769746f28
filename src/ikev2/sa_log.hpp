// Log lines about one IKE SA carry its name, number and SPIs, "<site-b|3> [1a2b..._i 9f8e..._r]",
// so an operator can grep one tunnel's story out of a busy log and tell two negotiations with the
// same peer apart; lines about a CHILD_SA add its SPIs. The same context (connection, peer, SPIs)
// is what `oakctl trace --connection/--peer` filters on (common/log_context.hpp).
#pragma once

#include <fmt/format.h>

#include "common/log.hpp"
#include "common/log_context.hpp"
#include "ike/log_context.hpp"
#include "ikev2/ike_sa.hpp"

namespace oakley::ikev2 {

inline log::Context log_context(const IkeSa& sa) {
  return ike::sa_log_context(sa.connection, sa.id, sa.remote, sa.spi_i, sa.spi_r);
}

template <typename... Args>
void sa_log(const IkeSa& sa, log::Level level, fmt::format_string<Args...> f, Args&&... args) {
  if (!log::enabled(level)) return;
  auto context = log_context(sa);
  log::write_context(&context, level, "ike", fmt::format(f, std::forward<Args>(args)...));
}

template <typename... Args>
void sa_log(const IkeSa& sa, const ChildSa& child, log::Level level, fmt::format_string<Args...> f,
            Args&&... args) {
  if (!log::enabled(level)) return;
  auto context = ike::with_child_spis(log_context(sa), child.spi_in, child.spi_out);
  log::write_context(&context, level, "ike", fmt::format(f, std::forward<Args>(args)...));
}

}  // namespace oakley::ikev2
