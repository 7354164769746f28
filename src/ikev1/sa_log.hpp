// Log lines about one ISAKMP SA carry its connection and number, "<site-b|1000003>", as the IKEv2
// engine's and charon's do, so one tunnel's story can be grepped out of a busy log.
#pragma once

#include <fmt/format.h>

#include "common/log.hpp"
#include "ikev1/isakmp_sa.hpp"

namespace oakley::ikev1 {

template <typename... Args>
void sa_log(const IsakmpSa& sa, log::Level level, fmt::format_string<Args...> f, Args&&... args) {
  if (!log::enabled(level)) return;
  log::write(
      level, "ike",
      fmt::format("<{}|{}> {}", sa.name(), sa.id, fmt::format(f, std::forward<Args>(args)...)));
}

}  // namespace oakley::ikev1
