#include "ike/diagnosis/recorder.hpp"

#include "ike/diagnosis/failures.hpp"
#include "ike/diagnosis/finding.hpp"

namespace oakley::ike::diagnosis {

namespace {

// A structured failure and the engine's plain reason for it arrive together (the exchange fails,
// then the engine destroys the SA); a reason much later is a new failure.
constexpr auto kSameFailure = std::chrono::seconds(1);

std::int64_t whole_seconds(Duration d) {
  return std::chrono::duration_cast<std::chrono::seconds>(d).count();
}

// list-sas prints endpoints as "192.0.2.2[4500]"; the data plane names SAs by the address.
std::optional<IpAddress> address_of(const std::string& endpoint) {
  auto bracket = endpoint.rfind('[');
  return IpAddress::parse(std::string_view(endpoint).substr(0, bracket));
}

void add_drops(ChildCounters& k, const dataplane::Backend& dataplane, const IpAddress& remote,
               const ChildSaInfo& c) {
  using dataplane::Direction;
  using dataplane::DropReason;
  auto at = [](const dataplane::SaCounters& s, DropReason r) {
    return s.errors[static_cast<std::size_t>(r)];
  };
  if (auto out = dataplane.query_sa({Direction::kOutbound, c.spi_out, remote})) {
    k.too_big = at(*out, DropReason::kTooBig);
    k.send_errors = at(*out, DropReason::kIoError);
  }
  if (auto in = dataplane.query_sa({Direction::kInbound, c.spi_in, remote})) {
    k.auth_failed = at(*in, DropReason::kAuthFailed);
  }
}

// The activity of the peer's `port` for `sa_id` (a new SA starts afresh); null when kMaxPorts
// other ports are kept already.
PortActivity* port_of(Evidence& ev, std::uint32_t sa_id, std::uint16_t port) {
  if (ev.ports_sa != sa_id) {
    ev.ports.clear();
    ev.ports_sa = sa_id;
  }
  auto it = ev.ports.find(port);
  if (it != ev.ports.end()) return &it->second;
  if (ev.ports.size() >= kMaxPorts) return nullptr;
  return &ev.ports[port];
}

}  // namespace

bool spoofable(const Failure& failure) {
  if (failure.we_initiated) return false;
  if (failure.cause == Cause::kHalfOpen) return true;
  return failure.phase == Phase::kIkeSaInit || failure.phase == Phase::kMainMode ||
         failure.phase == Phase::kAggressiveMode;
}

Evidence* Recorder::of(const std::string& connection) {
  if (known_ && !known_->contains(connection)) return nullptr;
  return &by_connection_[connection];
}

void Recorder::keep_only(const config::Config& config) {
  known_.emplace();
  for (const auto& c : config.connections)
    known_->insert(c.name);
  std::erase_if(by_connection_, [&](const auto& entry) { return !known_->contains(entry.first); });
}

void Recorder::request_sent(const std::string& connection, std::uint32_t sa_id,
                            std::string_view exchange, std::uint32_t message_id, const Endpoint& to,
                            std::size_t bytes, std::size_t packets, bool retransmit,
                            TimePoint now) {
  Evidence* ev = of(connection);
  if (!ev) return;
  if (auto* port = port_of(*ev, sa_id, to.port)) {
    ++port->sent;
    port->last_sent = now;
  }
  auto& r = ev->request;
  bool again = retransmit && r && r->sa_id == sa_id && r->message_id == message_id &&
               r->exchange == exchange;
  if (!again)
    r = SentRequest{sa_id, std::string(exchange), message_id, to, bytes, packets, 0, now,
                    now,   std::nullopt};
  ++r->sends;
  r->to = to;
  r->last_sent = now;
}

void Recorder::received(const std::string& connection, std::uint32_t sa_id,
                        std::string_view exchange, bool response, std::uint32_t message_id,
                        bool answers, const Endpoint& from, TimePoint now) {
  Evidence* ev = of(connection);
  if (!ev) return;
  ev->received = ReceivedMessage{sa_id, std::string(exchange), response, from, now};
  if (auto* port = port_of(*ev, sa_id, from.port)) {
    ++port->received;
    port->last_received = now;
  }
  auto& r = ev->request;
  if (answers && r && r->sa_id == sa_id && r->message_id == message_id && !r->answered)
    r->answered = now;
}

void Recorder::failed(const std::string& connection, std::uint32_t sa_id, Failure failure,
                      TimePoint now) {
  Evidence* ev = of(connection);
  if (!ev) return;
  failure.sa_id = sa_id;
  failure.at = now;
  failure.spoofable = spoofable(failure);
  if (failure.spoofable && ev->failure && !ev->failure->spoofable) {
    ev->spoofable_failure = std::move(failure);
    return;
  }
  ev->failure = std::move(failure);
  ev->spoofable_failure.reset();
}

void Recorder::failed_because(const std::string& connection, std::uint32_t sa_id, Phase phase,
                              const std::string& reason, const Endpoint& peer, TimePoint now,
                              std::optional<bool> we_initiated) {
  Evidence* ev = of(connection);
  if (!ev) return;
  for (auto* known : {&ev->spoofable_failure, &ev->failure}) {
    auto& k = *known;
    if (k && k->sa_id == sa_id && now - k->at < kSameFailure) {
      if (k->detail.empty()) k->detail = reason;
      if (k->peer.address.is_unspecified()) k->peer = peer;
      return;
    }
  }
  Failure f = from_reason(phase, reason);
  f.peer = peer;
  f.we_initiated = we_initiated ? *we_initiated : ev->request && ev->request->sa_id == sa_id;
  failed(connection, sa_id, std::move(f), now);
}

bool Recorder::outranked(std::string_view connection, std::uint32_t sa_id) const {
  const Evidence* ev = evidence(connection);
  return ev && ev->spoofable_failure && ev->spoofable_failure->sa_id == sa_id;
}

void Recorder::established(const std::string& connection) {
  if (Evidence* ev = of(connection)) {
    ev->failure.reset();
    ev->spoofable_failure.reset();
  }
}

const Evidence* Recorder::evidence(std::string_view connection) const {
  auto it = by_connection_.find(connection);
  return it == by_connection_.end() ? nullptr : &it->second;
}

std::map<std::uint32_t, ChildCounters> Recorder::sample(Evidence& ev,
                                                        const std::vector<IkeSaInfo>& sas,
                                                        const dataplane::Backend* dataplane,
                                                        TimePoint now) const {
  std::map<std::uint32_t, ChildCounters> out;
  std::map<std::uint32_t, TrafficSample> kept;
  for (const auto& sa : sas) {
    auto remote = address_of(sa.remote);
    for (const auto& c : sa.children) {
      if (c.state != "INSTALLED") continue;
      auto seen = ev.traffic.find(c.id);
      TrafficSample s;
      if (seen == ev.traffic.end()) {
        // First look: a counter still at 0 stood still since installation; one that moved is
        // taken as moving now (nothing says otherwise).
        TimePoint installed = now - std::chrono::seconds(c.installed_seconds);
        s.in_moved = c.packets_in ? now : installed;
        s.out_moved = c.packets_out ? now : installed;
      } else {
        s = seen->second;
        if (c.packets_in != s.packets_in) s.in_moved = now;
        if (c.packets_out != s.packets_out) s.out_moved = now;
      }
      s.packets_in = c.packets_in;
      s.packets_out = c.packets_out;
      ChildCounters k;
      k.in_quiet_seconds = whole_seconds(now - s.in_moved);
      k.out_quiet_seconds = whole_seconds(now - s.out_moved);
      if (dataplane && remote) add_drops(k, *dataplane, *remote, c);
      out[c.id] = k;
      kept[c.id] = s;
    }
  }
  ev.traffic = std::move(kept);  // children that went away are forgotten
  return out;
}

void Recorder::append_findings(std::vector<std::string>& out, const config::Connection& connection,
                               std::vector<IkeSaInfo> sas, const dataplane::Backend* dataplane,
                               TimePoint now) const {
  std::erase_if(sas, [&](const IkeSaInfo& sa) { return sa.connection != connection.name; });
  // A look at a connection of the configuration: its (empty) evidence may be made here.
  Evidence& ev = by_connection_[connection.name];
  Inputs in;
  in.version = version_;
  in.connection = &connection;
  in.evidence = &ev;
  in.counters = sample(ev, sas, dataplane, now);
  in.sas = std::move(sas);
  in.now = now;
  for (const auto& f : evaluate(in))
    out.push_back(to_line(f));
}

std::string Recorder::summary(const IkeSaInfo& sa, TimePoint now) const {
  return waiting_summary(sa, evidence(sa.connection), now);
}

}  // namespace oakley::ike::diagnosis
