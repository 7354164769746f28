#include "ike/child_installer.hpp"

#include "common/log.hpp"

namespace oakley::ike {

namespace dp = dataplane;

ChildPlacement placement_of(const ChildSa& child, const Endpoint& local, const Endpoint& remote) {
  ChildPlacement p;
  p.config = child.config;
  p.reqid = child.reqid;
  p.spi_in = child.spi_in;
  p.spi_out = child.spi_out;
  p.transport = child.transport;
  p.udp_encap = child.udp_encap;
  p.proposal = &child.proposal;
  p.local_ts = &child.local_ts;
  p.remote_ts = &child.remote_ts;
  p.local = local;
  p.remote = remote;
  return p;
}

dp::SaAlgorithms esp_algorithms(const Proposal& p) {
  dp::SaAlgorithms a;
  if (auto e = p.first(TransformType::kEncr)) {
    a.encr = static_cast<EncrId>(e->id);
    a.encr_key_bits = e->key_bits;
  }
  a.integ = IntegId::kNone;
  if (auto i = p.first(TransformType::kInteg)) a.integ = static_cast<IntegId>(i->id);
  if (auto e = p.first(TransformType::kEsn)) a.esn = e->id == 1;
  return a;
}

dp::SaConfig ChildInstaller::sa_config(const ChildPlacement& c, dp::Direction dir,
                                       const SecretBytes& encr, const SecretBytes& integ) const {
  dp::SaConfig s;
  s.direction = dir;
  s.spi = dir == dp::Direction::kInbound ? c.spi_in : c.spi_out;
  s.reqid = c.reqid;
  s.mode = c.transport ? dp::Mode::kTransport : dp::Mode::kTunnel;
  s.algorithms = esp_algorithms(*c.proposal);
  const auto& cfg = *c.config;
  if (cfg.sha256_96 && s.algorithms.integ == IntegId::kHmacSha256_128) {
    // The key stays the negotiated 32 bytes; only the ICV is cut to 12 (charon's child option).
    s.algorithms.integ = IntegId::kHmacSha256_96;
  }
  s.encr_key = encr;
  s.integ_key = integ;
  s.local = c.local.address;
  s.remote = c.remote.address;
  if (c.udp_encap) s.udp_encap = dp::UdpEncapsulation{c.local.port, c.remote.port};
  s.replay_window = cfg.replay_window ? cfg.replay_window : default_replay_window_;
  s.soft_limit = {c.soft_bytes.value_or(cfg.rekey_bytes), cfg.rekey_packets};
  s.hard_limit = {c.hard_bytes.value_or(cfg.life_bytes), cfg.life_packets};
  if (dir == dp::Direction::kInbound) {
    s.local_ts = *c.local_ts;
    s.remote_ts = *c.remote_ts;
  }
  return s;
}

Status ChildInstaller::install(const dp::SaConfig& sa) {
  auto st = backend_.install_sa(sa);
  if (st && key_log_ && key_log_->enabled()) {
    bool in = sa.direction == dp::Direction::kInbound;
    key_log_->add_esp({in ? sa.remote : sa.local, in ? sa.local : sa.remote, sa.spi,
                       sa.algorithms.encr, sa.algorithms.encr_key_bits, sa.algorithms.integ,
                       sa.encr_key, sa.integ_key});
  }
  return st;
}

Status ChildInstaller::install_inbound(const ChildPlacement& c, const ChildKeys& keys) {
  return install(sa_config(c, dp::Direction::kInbound, keys.encr_in, keys.integ_in));
}

Status ChildInstaller::install_outbound(const ChildPlacement& c, const ChildKeys& keys) {
  auto st = install(sa_config(c, dp::Direction::kOutbound, keys.encr_out, keys.integ_out));
  if (!st) return st;
  for (const auto& l : *c.local_ts) {
    for (const auto& r : *c.remote_ts) {
      dp::PolicyConfig p;
      p.local_ts = l;
      p.remote_ts = r;
      p.action = dp::PolicyAction::kProtect;
      p.reqid = c.reqid;
      p.mode = c.transport ? dp::Mode::kTransport : dp::Mode::kTunnel;
      p.local = c.local.address;
      p.remote = c.remote.address;
      auto ps = backend_.install_policy(p);
      if (!ps) return ps;
    }
  }
  return {};
}

void ChildInstaller::remove(const ChildPlacement& c, bool outbound_installed,
                            bool policies_still_used) {
  (void)backend_.delete_sa(dp::SaId{dp::Direction::kInbound, c.spi_in, c.remote.address});
  if (key_log_) key_log_->remove_esp(c.local.address, c.spi_in);
  if (outbound_installed) {
    (void)backend_.delete_sa(dp::SaId{dp::Direction::kOutbound, c.spi_out, c.remote.address});
    if (key_log_) key_log_->remove_esp(c.remote.address, c.spi_out);
  }
  if (policies_still_used || !outbound_installed) return;
  for (const auto& l : *c.local_ts) {
    for (const auto& r : *c.remote_ts)
      (void)backend_.delete_policy(dp::PolicyId{l, r});
  }
}

void ChildInstaller::install_traps(const config::Connection& conn, const config::Child& child,
                                   std::uint32_t reqid) {
  for (const auto& l : child.local_ts) {
    for (const auto& r : child.remote_ts) {
      if (l.dynamic || r.dynamic) {
        log::warn("ike",
                  "trap policy for {}/{}: 'dynamic' selectors need a known address; "
                  "configure explicit local_ts/remote_ts",
                  conn.name, child.name);
        continue;
      }
      dp::PolicyConfig p;
      p.local_ts = l.selector;
      p.remote_ts = r.selector;
      p.action = dp::PolicyAction::kTrap;
      p.reqid = reqid;
      p.mode =
          child.mode == config::ChildMode::kTransport ? dp::Mode::kTransport : dp::Mode::kTunnel;
      auto st = backend_.install_policy(p);
      if (!st) {
        log::warn("ike", "trap policy {} === {} for {}/{}: {}", l.to_string(), r.to_string(),
                  conn.name, child.name, st.error().message);
      }
    }
  }
}

void ChildInstaller::remove_traps(const config::Child& child) {
  for (const auto& l : child.local_ts) {
    for (const auto& r : child.remote_ts) {
      if (l.dynamic || r.dynamic) continue;
      (void)backend_.delete_policy(dp::PolicyId{l.selector, r.selector});
    }
  }
}

}  // namespace oakley::ike
