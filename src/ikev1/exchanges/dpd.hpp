// Dead Peer Detection (RFC 3706): when nothing arrived from the peer (IKE or ESP) for dpd_delay,
// send R-U-THERE with a new sequence number in an informational exchange; an R-U-THERE-ACK with
// that number proves liveness. No ACK within dpd_timeout means the peer is dead: its IPsec SAs
// get their dpd_action. R-U-THERE from the peer is answered with an ACK.
#pragma once

#include "ikev1/isakmp_sa.hpp"

namespace oakley::ikev1 {

class ExchangeContext;

// charon's default when dpd_delay is set and dpd_timeout is not.
inline constexpr std::chrono::seconds kDefaultDpdTimeout{150};

void start_dpd(ExchangeContext& ctx, IsakmpSa& sa);
void on_r_u_there(ExchangeContext& ctx, IsakmpSa& sa, const wire::ikev1::NotifyPayload& n);
void on_r_u_there_ack(ExchangeContext& ctx, IsakmpSa& sa, const wire::ikev1::NotifyPayload& n);

}  // namespace oakley::ikev1
