#include "daemon/engines.hpp"

#include "common/log.hpp"
#include "common/log_context.hpp"
#include "ike/log_context.hpp"
#include "wire/version.hpp"

namespace oakley::daemon {

namespace {

ikev2::EngineDeps v2_deps(const EngineSet& d, ike::SaIds& ids) {
  return {d.timers, d.work,    d.sender, d.dataplane, d.reqids,
          ids,      d.key_log, d.events, d.host_names};
}
ikev1::EngineDeps v1_deps(const EngineSet& d, ike::SaIds& ids) {
  return {d.timers, d.work,    d.sender, d.dataplane, d.reqids,
          ids,      d.key_log, d.events, d.host_names};
}

Error no_such(std::string_view what, std::string_view name) {
  return make_error(fmt::format("no {} '{}'", what, name));
}

}  // namespace

Engines::Engines(EngineSet deps, std::shared_ptr<const credentials::LoadedConfig> config)
    : v2_(v2_deps(deps, ids_), config),
      v1_(v1_deps(deps, ids_), config),
      host_names_(deps.host_names) {
  if (host_names_) host_names_->watch(*config);
}

void Engines::apply_config(std::shared_ptr<const credentials::LoadedConfig> config) {
  if (host_names_) host_names_->watch(*config);
  v2_.apply_config(config);
  v1_.apply_config(std::move(config));
}

void Engines::on_packet(ByteView data, const Endpoint& local, const Endpoint& remote) {
  // A datagram dropped here (too short, an unknown version) is still its sender's traffic:
  // `oakctl trace --peer` shows it (the engines set the same context again, as theirs).
  log::ContextScope scope(ike::datagram_log_context(remote, data));
  auto version = wire::peek_version(data);
  if (!version) {
    log::debug("net", "{} byte datagram from {} is too short for IKE", data.size(),
               remote.to_string());
    not_ike_.record();
    return;
  }
  switch (version->major) {
    case 1:
      v1_.on_packet(data, local, remote);
      return;
    case 2:
      v2_.on_packet(data, local, remote);
      return;
    default:
      // RFC 7296 2.5: an unknown major version would be answered with INVALID_MAJOR_VERSION by
      // an IKEv3 peer; we only log it.
      log::debug("net", "ignoring IKE major version {} from {}", version->major,
                 remote.to_string());
      not_ike_.record_with([&] {
        return fmt::format("major version {} from {}", version->major, remote.to_string());
      });
  }
}

void Engines::on_dataplane_event(const dataplane::Event& event) {
  // Each engine ignores the reqids it does not own.
  v2_.on_dataplane_event(event);
  v1_.on_dataplane_event(event);
}

bool Engines::uses_v1(std::string_view connection) const {
  const auto* conn = config().find_connection(connection);
  return conn && conn->version == config::IkeVersion::kIkev1;
}

Status Engines::initiate(std::string_view connection, std::string_view child, Completion done) {
  if (!config().find_connection(connection)) return no_such("connection", connection);
  if (uses_v1(connection)) return v1_.initiate(connection, child, std::move(done));
  return v2_.initiate(connection, child, std::move(done));
}

Status Engines::terminate_connection(std::string_view connection, Completion done) {
  // A version = 0 connection may have SAs of either version (it responds to both).
  if (v1_.find_ike_id(connection) && !v2_.find_ike_id(connection)) {
    return v1_.terminate_connection(connection, std::move(done));
  }
  if (v2_.find_ike_id(connection)) return v2_.terminate_connection(connection, std::move(done));
  return no_such("IKE SA of connection", connection);
}

Status Engines::terminate_child(std::string_view connection, std::string_view child,
                                Completion done) {
  if (auto id = v2_.find_child_id(connection, child)) {
    return v2_.terminate_child(*id, std::move(done));
  }
  if (auto id = v1_.find_child_id(connection, child)) {
    return v1_.terminate_child(*id, std::move(done));
  }
  return no_such("CHILD_SA", fmt::format("{}/{}", connection, child));
}

// An id the IKEv1 engine does not hold is the IKEv2 engine's to find, or to refuse.
Status Engines::terminate_ike(std::uint32_t ike_id, Completion done) {
  if (v1_.find_sa(ike_id)) return v1_.terminate_ike(ike_id, std::move(done));
  return v2_.terminate_ike(ike_id, std::move(done));
}

Status Engines::rekey_connection(std::string_view connection, Completion done) {
  if (auto id = v2_.find_ike_id(connection)) return v2_.rekey_ike(*id, std::move(done));
  if (auto id = v1_.find_ike_id(connection)) return v1_.rekey_ike(*id, std::move(done));
  return no_such("IKE SA of connection", connection);
}

Status Engines::rekey_child(std::string_view connection, std::string_view child, Completion done) {
  if (auto id = v2_.find_child_id(connection, child)) {
    return v2_.rekey_child(*id, std::move(done));
  }
  if (auto id = v1_.find_child_id(connection, child)) {
    return v1_.rekey_child(*id, std::move(done));
  }
  return no_such("CHILD_SA", fmt::format("{}/{}", connection, child));
}

Status Engines::rekey_ike(std::uint32_t ike_id, Completion done) {
  if (v1_.find_sa(ike_id)) return v1_.rekey_ike(ike_id, std::move(done));
  return v2_.rekey_ike(ike_id, std::move(done));
}

std::vector<ike::IkeSaInfo> Engines::list_sas() const {
  auto all = v2_.list_sas();
  auto v1 = v1_.list_sas();
  all.insert(all.end(), std::make_move_iterator(v1.begin()), std::make_move_iterator(v1.end()));
  return all;
}

std::vector<std::string> Engines::diagnose(std::string_view connection) const {
  if (uses_v1(connection)) return v1_.diagnose(connection);
  return v2_.diagnose(connection);
}

void Engines::shutdown() {
  v2_.shutdown();
  v1_.shutdown();
}

}  // namespace oakley::daemon
