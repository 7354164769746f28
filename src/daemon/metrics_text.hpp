// The Prometheus text exposition format (version 0.0.4) of a MetricsSnapshot: every family with
// HELP and TYPE, counters ending in _total, base units (bytes, seconds), label values escaped.
#pragma once

#include <string>
#include <string_view>

#include "daemon/metrics_snapshot.hpp"

namespace oakley::daemon {

inline constexpr std::string_view kMetricsContentType = "text/plain; version=0.0.4; charset=utf-8";

std::string render_metrics(const MetricsSnapshot& snapshot);

// A label value with backslash, double quote and newline escaped.
std::string escape_label_value(std::string_view value);

}  // namespace oakley::daemon
