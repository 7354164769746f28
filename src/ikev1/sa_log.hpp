// Log lines about one ISAKMP SA carry its connection, number and cookies,
// "<site-b|1000003> [1a2b..._i 9f8e..._r]", as the IKEv2 engine's do, so one tunnel's story can be
// grepped out of a busy log and two negotiations with the same peer told apart; lines about an
// IPsec SA pair add its SPIs. The same context (connection, peer, cookies) is what
// `oakctl trace --connection/--peer` filters on (common/log_context.hpp).
#pragma once

#include <fmt/format.h>

#include "common/log.hpp"
#include "common/log_context.hpp"
#include "ike/log_context.hpp"
#include "ikev1/isakmp_sa.hpp"

namespace oakley::ikev1 {

inline log::Context log_context(const IsakmpSa& sa) {
  return ike::sa_log_context(sa.connection, sa.id, sa.remote, sa.icookie, sa.rcookie);
}

template <typename... Args>
void sa_log(const IsakmpSa& sa, log::Level level, fmt::format_string<Args...> f, Args&&... args) {
  if (!log::enabled(level)) return;
  auto context = log_context(sa);
  log::write_context(&context, level, "ike", fmt::format(f, std::forward<Args>(args)...));
}

template <typename... Args>
void sa_log(const IsakmpSa& sa, const ChildSa& child, log::Level level,
            fmt::format_string<Args...> f, Args&&... args) {
  if (!log::enabled(level)) return;
  auto context = ike::with_child_spis(log_context(sa), child.spi_in, child.spi_out);
  log::write_context(&context, level, "ike", fmt::format(f, std::forward<Args>(args)...));
}

// A line about an IPsec SA pair still being negotiated, whose SPIs are known already.
template <typename... Args>
void sa_log(const IsakmpSa& sa, ike::ChildSpis spis, log::Level level,
            fmt::format_string<Args...> f, Args&&... args) {
  if (!log::enabled(level)) return;
  auto context = ike::with_child_spis(log_context(sa), spis.in, spis.out);
  log::write_context(&context, level, "ike", fmt::format(f, std::forward<Args>(args)...));
}

}  // namespace oakley::ikev1
