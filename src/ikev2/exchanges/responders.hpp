// Every exchange the peer may start on an IKE SA, one Responder each (responder.hpp); the engine
// looks them up by exchange type. IKE_SA_INIT, which comes before any SA, has its own
// (IkeSaInitResponder, ike_sa_init.hpp).
#pragma once

#include <map>
#include <memory>

#include "ikev2/responder.hpp"

namespace oakley::ikev2 {

class ExchangeContext;

std::map<wire::ikev2::ExchangeType, std::unique_ptr<Responder>> make_responders(
    ExchangeContext& ctx);

}  // namespace oakley::ikev2
