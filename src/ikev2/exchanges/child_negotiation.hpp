// What IKE_AUTH and CREATE_CHILD_SA share about a CHILD_SA: the offer an initiator makes (SA with
// our SPI, TSi/TSr, transport mode), the responder's choice (proposal in our order, selectors
// narrowed per RFC 7296 2.9, the config child that fits), and keys + installation (2.17).
#pragma once

#include <optional>
#include <string>

#include "ike/diagnosis/evidence.hpp"
#include "ike/proposal.hpp"
#include "ike/traffic_selectors.hpp"
#include "ikev2/ike_sa.hpp"
#include "ikev2/task.hpp"

namespace oakley::ikev2 {

class ExchangeContext;

struct ChildOffer {
  const config::Child* child = nullptr;
  std::uint32_t spi_in = 0;
  std::vector<ike::Proposal> proposals;
  ike::Selectors tsi, tsr;  // ours, theirs (we initiate)
  bool transport = false;
};

// `with_dh`: keep PFS groups (CREATE_CHILD_SA); IKE_AUTH strips them (RFC 7296 1.2).
// `trigger`: the packet selectors of an acquire, put first (RFC 7296 2.9).
Result<ChildOffer> make_child_offer(
    ExchangeContext& ctx, IkeSa& sa, const config::Child& child, bool with_dh,
    const std::optional<std::pair<TrafficSelector, TrafficSelector>>& trigger = std::nullopt);
void append_offer_payloads(const ChildOffer& offer, Payloads& out);

struct ChildChoice {
  const config::Child* child = nullptr;
  ike::Proposal chosen;     // the peer's proposal number and SPI, one transform per type
  ike::Selectors tsi, tsr;  // narrowed: TSi = the peer's side, TSr = ours
  bool transport = false;
};

struct ChildRefusal {
  wire::ikev2::NotifyType notify;
  std::string reason;
  bool from_peer = false;  // the responder's error notify (initiator side)
};

// Responder: picks a child of the SA's connection (or checks `only`, for a rekey).
std::variant<ChildChoice, ChildRefusal> choose_child(ExchangeContext& ctx, IkeSa& sa,
                                                     const Payloads& request, bool ignore_dh,
                                                     const config::Child* only = nullptr);
void append_choice_payloads(const ChildChoice& choice, Payloads& out);

// Initiator: checks the responder's answer against the offer.
std::variant<ChildChoice, ChildRefusal> accept_child_answer(const ChildOffer& offer,
                                                            const Payloads& response,
                                                            bool ignore_dh);
// Initiator: records for diagnose what a refusal of `offer` says (our proposals or selectors
// against the peer's NO_PROPOSAL_CHOSEN / TS_UNACCEPTABLE).
void note_child_refusal(ExchangeContext& ctx, const IkeSa& sa, const ChildOffer& offer,
                        const ChildRefusal& refusal, bool in_ike_auth);

// Derives keys (KEYMAT = prf+(SK_d, [g^ir] | Ni | Nr [| SK(1) | ... | SK(n)])) and installs in
// the data plane. `we_initiated` is about the exchange that creates the child;
// `additional_secrets` are those of RFC 9370's IKE_FOLLOWUP_KE exchanges, in order.
Result<ChildSa*> establish_child(ExchangeContext& ctx, IkeSa& sa, const config::Child& cfg,
                                 const ike::Proposal& chosen, std::uint32_t spi_in,
                                 std::uint32_t spi_out, const ike::Selectors& local_ts,
                                 const ike::Selectors& remote_ts, bool transport, bool we_initiated,
                                 ByteView nonce_i, ByteView nonce_r, ByteView g_ir,
                                 bool install_outbound, std::uint32_t reqid = 0,
                                 ByteView additional_secrets = {});

std::string describe_child(const ChildSa& c);

}  // namespace oakley::ikev2
