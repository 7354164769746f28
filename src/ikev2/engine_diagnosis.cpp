// What the engine records for `oakctl diagnose` beyond the send and receive paths: unanswered
// requests and the reasons SAs fail (ike/diagnosis turns them into findings).
#include "ikev2/diagnosis_phase.hpp"
#include "ikev2/engine.hpp"

namespace oakley::ikev2 {

namespace w = wire::ikev2;
namespace diag = ike::diagnosis;

diag::Phase diagnosis_phase(w::ExchangeType exchange) {
  switch (exchange) {
    case w::ExchangeType::kIkeSaInit:
      return diag::Phase::kIkeSaInit;
    // RFC 9242's exchanges between IKE_SA_INIT and IKE_AUTH have their own phase: their failures
    // (an additional key exchange's group or KE) are not IKE_SA_INIT's proposal problems, and,
    // encrypted under IKE_SA_INIT's keys, they are not spoofable as IKE_SA_INIT is.
    case w::ExchangeType::kIkeIntermediate:
      return diag::Phase::kIkeIntermediate;
    case w::ExchangeType::kIkeAuth:
      return diag::Phase::kIkeAuth;
    case w::ExchangeType::kCreateChildSa:
    case w::ExchangeType::kIkeFollowupKe:  // RFC 9370: the rest of a CREATE_CHILD_SA
      return diag::Phase::kCreateChildSa;
    case w::ExchangeType::kInformational:
      return diag::Phase::kInformational;
    default:
      return diag::Phase::kUnknown;
  }
}

std::optional<bool> role_in(const IkeSa& sa, diag::Phase phase) {
  // The exchanges that set an SA up are run by its initiator; later ones by either side.
  bool setup = phase == diag::Phase::kIkeSaInit || phase == diag::Phase::kIkeIntermediate ||
               phase == diag::Phase::kIkeAuth;
  return setup ? std::optional<bool>(sa.original_initiator) : std::nullopt;
}

void Engine::note_no_answer(const IkeSa& sa, const std::string& why) {
  if (!sa.connection) return;
  diag::Failure f;
  bool up = sa.state == IkeState::kEstablished || sa.state == IkeState::kRekeying;
  f.cause = up ? diag::Cause::kPeerDead : diag::Cause::kNoAnswer;
  f.phase = sa.outstanding ? diagnosis_phase(sa.outstanding->exchange) : diag::Phase::kUnknown;
  f.detail = why;
  f.peer = sa.remote;
  if (sa.last_inbound != TimePoint{}) f.last_heard = sa.last_inbound;
  diagnosis_.failed(sa.connection->name, sa.id, std::move(f), deps_.timers.now());
}

void Engine::note_failure(const IkeSa& sa, const std::string& why) {
  if (!sa.connection) return;
  auto phase = sa.outstanding                     ? diagnosis_phase(sa.outstanding->exchange)
               : sa.established_at != TimePoint{} ? diag::Phase::kInformational
               : sa.state == IkeState::kCreated   ? diag::Phase::kIkeAuth
                                                  : diag::Phase::kIkeSaInit;
  diagnosis_.failed_because(sa.connection->name, sa.id, phase, why, sa.remote, deps_.timers.now(),
                            role_in(sa, phase));
}

}  // namespace oakley::ikev2
