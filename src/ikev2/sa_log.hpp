// Log lines about one IKE SA carry its name and number, "<site-b|3>", as charon's do, so an
// operator can grep one tunnel's story out of a busy log.
#pragma once

#include <fmt/format.h>

#include "common/log.hpp"
#include "ikev2/ike_sa.hpp"

namespace oakley::ikev2 {

template <typename... Args>
void sa_log(const IkeSa& sa, log::Level level, fmt::format_string<Args...> f, Args&&... args) {
  if (!log::enabled(level)) return;
  log::write(
      level, "ike",
      fmt::format("<{}|{}> {}", sa.name(), sa.id, fmt::format(f, std::forward<Args>(args)...)));
}

}  // namespace oakley::ikev2
