#include "daemon/dataplane_factory.hpp"

#include <fmt/format.h>

#include "dataplane/null_backend.hpp"
#include "dataplane/tun/tun_backend.hpp"

namespace oakley::daemon {

Result<std::unique_ptr<dataplane::Backend>> make_dataplane(const config::DaemonSettings& settings,
                                                           std::vector<std::uint16_t> ike_ports) {
  switch (settings.dataplane) {
    case config::Dataplane::kTun: {
      dataplane::tun::TunBackendConfig c;
      c.device = settings.tun_name + "0";
      c.mtu = settings.tun_mtu;
      c.workers = settings.dataplane_threads;
      c.manage_routes = settings.install_routes;
      c.routing.id = settings.routing_table == 0 ? dataplane::tun::Rtnetlink::kMainTable
                                                 : settings.routing_table;
      c.routing.priority = settings.routing_table_prio;
      c.routing.bypass_mark = settings.fwmark;
      c.inbound_filter = settings.drop_cleartext;
      c.ike_ports = std::move(ike_ports);
      auto backend = dataplane::tun::TunBackend::create(c);
      if (!backend) {
        return make_error(
            fmt::format("TUN data plane ({}): {} (oakleyd needs CAP_NET_ADMIN and "
                        "CAP_NET_RAW; dataplane = none runs IKE only; drop_cleartext = no runs "
                        "without the nftables inbound filter)",
                        c.device, backend.error().message));
      }
      return std::unique_ptr<dataplane::Backend>(std::move(*backend));
    }
    case config::Dataplane::kNone:
      return std::unique_ptr<dataplane::Backend>(std::make_unique<dataplane::NullBackend>());
    case config::Dataplane::kXfrm:
      return make_error(
          "dataplane = xfrm: the kernel XFRM backend is not part of this build; use tun");
  }
  return make_error("unknown data plane");
}

}  // namespace oakley::daemon
