#include "tools/oakload/tally.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace oakley::oakload {
namespace {

using Json = nlohmann::json;

double rate(std::uint64_t n, double seconds) {
  return seconds > 0 ? static_cast<double>(n) / seconds : 0;
}

Json op_json(const OperationCount& c) {
  return {{"done", c.done}, {"failed", c.failed}};
}

double round3(double v) {
  return std::round(v * 1000) / 1000;
}

}  // namespace

double percentile(std::vector<double>& samples, double q) {
  if (samples.empty()) return 0;
  std::sort(samples.begin(), samples.end());
  auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(samples.size())));
  return samples[std::clamp<std::size_t>(rank, 1, samples.size()) - 1];
}

std::string progress_line(const Tally& t, double now_s, double recent_rate) {
  return fmt::format("[{:7.1f}s] established {}/{}, failed {}, in flight {}, {:.0f} SAs/s", now_s,
                     t.established, t.count, t.failed, t.in_flight(), recent_rate);
}

Json summary_json(Tally t) {
  Json j;
  j["count"] = t.count;
  j["concurrency"] = t.concurrency;
  j["established"] = t.established;
  j["failed"] = t.failed;
  j["failures"] = Json::object();
  for (const auto& [reason, n] : t.failures)
    j["failures"][reason] = n;
  j["establish_seconds"] = round3(t.establish_s);
  j["elapsed_seconds"] = round3(t.elapsed_s);
  j["sas_per_second"] = round3(rate(t.established, t.establish_s));
  j["latency_ms"] = {{"p50", round3(percentile(t.latency_ms, 0.50))},
                     {"p90", round3(percentile(t.latency_ms, 0.90))},
                     {"p99", round3(percentile(t.latency_ms, 0.99))},
                     {"max", round3(percentile(t.latency_ms, 1.0))}};
  j["rekey_ike"] = op_json(t.rekey_ike);
  j["rekey_child"] = op_json(t.rekey_child);
  j["delete"] = op_json(t.deleted);
  j["flood"] = {{"rate", t.flood_rate}, {"sent", t.flood_sent}};
  j["engine"] = t.engine;
  return j;
}

std::string summary_text(const Tally& tally) {
  Json j = summary_json(tally);
  std::string out = fmt::format(
      "{} of {} IKE SAs established ({} failed) in {:.3f} s: {:.1f} SAs/s, concurrency {}\n",
      tally.established, tally.count, tally.failed, tally.establish_s,
      j["sas_per_second"].get<double>(), tally.concurrency);
  const auto& l = j["latency_ms"];
  out += fmt::format("latency ms: p50 {:.1f}  p90 {:.1f}  p99 {:.1f}  max {:.1f}\n",
                     l["p50"].get<double>(), l["p90"].get<double>(), l["p99"].get<double>(),
                     l["max"].get<double>());
  auto op = [&](const char* name, const OperationCount& c) {
    if (c.done + c.failed) out += fmt::format("{}: {} done, {} failed\n", name, c.done, c.failed);
  };
  op("IKE rekeys", tally.rekey_ike);
  op("CHILD rekeys", tally.rekey_child);
  op("deletes", tally.deleted);
  if (tally.flood_rate > 0)
    out += fmt::format("flood: {} spoofed IKE_SA_INIT sent ({:.0f}/s asked)\n", tally.flood_sent,
                       tally.flood_rate);
  for (const auto& [reason, n] : tally.failures)
    out += fmt::format("failure x{}: {}\n", n, reason);
  return out;
}

}  // namespace oakley::oakload
