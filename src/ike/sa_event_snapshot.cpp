#include "ike/sa_event_snapshot.hpp"

namespace oakley::ike {

void add_child_snapshot(SaEvent& e, const ChildSa& child) {
  e.child = child.name();
  e.child_id = child.id;
  e.reqid = child.reqid;
  e.spi_in = child.spi_in;
  e.spi_out = child.spi_out;
  e.transport = child.transport;
  e.udp_encap = child.udp_encap;
  e.local_ts = child.local_ts;
  e.remote_ts = child.remote_ts;
  if (child.config) {
    e.if_id_in = child.config->if_id_in.value;
    e.if_id_out = child.config->if_id_out.value;
    e.updown = child.config->updown;
    e.hostaccess = child.config->hostaccess;
  }
}

}  // namespace oakley::ike
