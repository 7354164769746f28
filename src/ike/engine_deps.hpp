// What the daemon (or oakload, or a test) gives each IKE engine: time, crypto workers, the
// network, the data plane, and the pieces both engines share (reqids, operator ids, key export,
// SA events, DNS names). The engines touch no socket, clock or OpenSSL call of their own, so
// tests run two engines against each other on a fake network and clock.
#pragma once

#include "common/packet_sender.hpp"
#include "common/timer_service.hpp"
#include "dataplane/backend.hpp"
#include "ike/host_names.hpp"
#include "ike/key_log.hpp"
#include "ike/reqid_allocator.hpp"
#include "ike/sa_events.hpp"
#include "ike/sa_ids.hpp"

namespace oakley::ike {

struct EngineDeps {
  TimerService& timers;
  WorkPool& work;
  PacketSender& sender;
  dataplane::Backend& dataplane;
  ReqidAllocator& reqids;  // one for both engines
  SaIds& ids;              // operator ids of SAs, one space for both engines
  // Wireshark key export (shared by both engines); nullptr: none.
  KeyLog* key_log = nullptr;
  // SA up/down/rekey/failure events (oakctl monitor, updown); empty: none.
  SaEventSink events = {};
  // DNS names of local_addrs/remote_addrs (shared by both engines); nullptr: names do not resolve.
  HostNames* host_names = nullptr;
};

}  // namespace oakley::ike
