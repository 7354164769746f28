// The IKEv1 part of choosing a connection: which candidates (ranked by ike/connection_match)
// can negotiate Phase 1 with what the peer offers, and each connection's authentication method.
// A Main Mode responder knows only addresses until MM5; Aggressive Mode has the peer's ID from the
// first message.
#pragma once

#include <string>
#include <vector>

#include "common/ip_address.hpp"
#include "config/config.hpp"
#include "credentials/loaded_config.hpp"
#include "ike/host_names.hpp"
#include "ike/identity.hpp"
#include "ikev1/phase1_proposals.hpp"

namespace oakley::ikev1 {

class ExchangeContext;
class IsakmpSa;

// The responder's choice of connection and transform for a Phase 1 proposal (MM1 or AM1);
// nullopt with the reasons of every candidate in `why`.
struct Phase1Pick {
  const config::Connection* connection = nullptr;
  Phase1Choice choice;
  std::vector<Phase1Transform> ours;
};
std::optional<Phase1Pick> pick_phase1(ExchangeContext& ctx, const IsakmpSa& sa,
                                      const wire::ikev1::SaPayload& theirs,
                                      const std::optional<ike::WireId>& peer_id, bool aggressive,
                                      std::string* why);

// The IKEv1 authentication method of a connection, or why it has none we implement. IKEv1
// negotiates one method for both directions: pre-shared keys on both sides, or signatures on
// both sides, whose method follows our key (RSA, or ECDSA on its curve).
// A second round on one side must be XAuth (auth = xauth or xauth-generic): that side is the
// XAuth client (local) or its gateway (remote).
Result<AuthMethod> connection_auth(const credentials::LoadedConfig& cfg,
                                   const config::Connection& conn);

// Which end of Phase 1 is the XAuth client, for a connection connection_auth() accepted.
XauthMode xauth_mode(const config::Connection& conn, bool we_initiate);

}  // namespace oakley::ikev1
