#include "daemon/sa_event_hub.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace oakley::daemon {
namespace {

control::Json addresses(const std::vector<IpAddress>& list) {
  auto out = control::Json::array();
  for (const auto& a : list)
    out.push_back(a.to_string());
  return out;
}

control::Json selectors(const ike::Selectors& list) {
  auto out = control::Json::array();
  for (const auto& ts : list)
    out.push_back(ike::describe(ike::Selectors{ts}));
  return out;
}

void add_child_fields(control::Json& j, const ike::SaEvent& e) {
  j["child"] = e.child;
  if (e.child_id == 0) return;  // child_failed before anything was installed
  j["child_id"] = e.child_id;
  j["reqid"] = e.reqid;
  j["spi_in"] = fmt::format("{:08x}", e.spi_in);
  j["spi_out"] = fmt::format("{:08x}", e.spi_out);
  j["mode"] = e.transport ? "TRANSPORT" : "TUNNEL";
  j["local_ts"] = selectors(e.local_ts);
  j["remote_ts"] = selectors(e.remote_ts);
  j["mark_in"] = e.mark_in;
  j["mark_out"] = e.mark_out;
  j["if_id_in"] = e.if_id_in;
  j["if_id_out"] = e.if_id_out;
}

}  // namespace

control::Json sa_event_json(const ike::SaEvent& e) {
  control::Json j = {{"event", "sa"},
                     {"kind", std::string(ike::sa_event_kind_name(e.kind))},
                     {"version", e.version},
                     {"connection", e.connection},
                     {"ike_id", e.ike_id},
                     {"ike_spi_i", fmt::format("{:016x}", e.ike_spi_i)},
                     {"ike_spi_r", fmt::format("{:016x}", e.ike_spi_r)},
                     {"local", e.local.address.to_string()},
                     {"local_port", e.local.port},
                     {"remote", e.remote.address.to_string()},
                     {"remote_port", e.remote.port},
                     {"local_id", e.local_id},
                     {"remote_id", e.remote_id},
                     {"local_vips", addresses(e.local_vips)},
                     {"remote_vips", addresses(e.remote_vips)},
                     {"dns", addresses(e.dns)},
                     {"udp_encap", e.udp_encap}};
  if (!e.xauth_user.empty()) j["xauth_user"] = e.xauth_user;
  if (!e.eap_user.empty()) j["eap_user"] = e.eap_user;
  if (e.replaces) j["replaces"] = e.replaces;
  if (ike::is_child_event(e.kind)) add_child_fields(j, e);
  if (!e.reason.empty()) j["reason"] = e.reason;
  return j;
}

bool SaEventHub::subscribe(const control::ReplyPtr& reply) {
  prune();
  if (subscribers_.size() >= kMaxSubscribers) return false;
  subscribers_.push_back(reply);
  return true;
}

void SaEventHub::add_listener(ike::SaEventSink listener) {
  listeners_.push_back(std::move(listener));
}

void SaEventHub::publish(const ike::SaEvent& event) {
  ++published_;
  for (auto& l : listeners_)
    l(event);
  prune();
  if (subscribers_.empty()) return;
  auto json = sa_event_json(event);
  // A reply may run hooks that subscribe or unsubscribe: work on a copy.
  auto subs = subscribers_;
  for (auto& r : subs) {
    if (!r->stream(json, kMaxBacklogBytes)) ++overflows_;
  }
  prune();
}

void SaEventHub::close_all() {
  auto subs = std::move(subscribers_);
  subscribers_.clear();
  for (auto& r : subs)
    r->ok({{"reason", "the daemon is shutting down"}});
}

std::size_t SaEventHub::subscribers() const {
  return static_cast<std::size_t>(std::count_if(subscribers_.begin(), subscribers_.end(),
                                                [](const auto& r) { return r->active(); }));
}

void SaEventHub::prune() {
  std::erase_if(subscribers_, [](const control::ReplyPtr& r) { return !r->active(); });
}

}  // namespace oakley::daemon
