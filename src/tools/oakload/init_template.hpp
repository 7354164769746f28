// The IKE_SA_INIT request the flooder sends, built by the IKEv2 engine itself (a throwaway engine
// whose sender keeps the first message), so it carries exactly the proposals, KE and notifies a
// real initiator of this configuration sends and the responder does the full work for it.
#pragma once

#include <memory>

#include "common/bytes.hpp"
#include "common/ip_address.hpp"
#include "common/result.hpp"
#include "common/timer_service.hpp"
#include "config/config.hpp"
#include "credentials/loaded_config.hpp"

namespace oakley::oakload {

Result<Bytes> capture_ike_sa_init(std::shared_ptr<const credentials::LoadedConfig> config,
                                  const config::Connection& connection, const Endpoint& remote,
                                  TimerService& timers);

// A copy of an IKE message with a fresh random initiator SPI, so each spoofed request looks like
// a new IKE SA to the responder.
void randomize_initiator_spi(MutableByteView ike_message, std::uint64_t spi);

}  // namespace oakley::oakload
