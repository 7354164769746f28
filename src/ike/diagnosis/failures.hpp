// Building the failures the engines record: structured where the engine holds the details (both
// sides' proposals, identities, selectors), and from the engine's reason in words elsewhere. The
// words are the engines' own (authentication and certificate errors come from credentials/ and
// both engines' exchanges), so classify() knows each phrase; an unknown one stays kOther.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ike/diagnosis/evidence.hpp"

namespace oakley::ike::diagnosis {

// IKEv2 proposals (IKE or ESP) as offers.
std::vector<Offer> offers(const std::vector<Proposal>& proposals);

Failure proposal_mismatch(Phase phase, bool child, std::vector<Offer> ours,
                          std::vector<Offer> theirs);
Failure selector_mismatch(Phase phase, Selectors peer_local, Selectors peer_remote,
                          Selectors our_local, Selectors our_remote);
Failure id_mismatch(Phase phase, std::string peer_id, std::string expected_id);

// The cause a reason in words names: "... AUTH payload does not verify (PSKs differ?)" is
// kPskMismatch, "certificate ... was revoked ..." kCertRevoked, and so on.
Cause classify(std::string_view reason);

// A failure known only by its reason: classified, with the reason as detail.
Failure from_reason(Phase phase, std::string reason);

}  // namespace oakley::ike::diagnosis
