// What the engine records for `oakctl diagnose` about failed and unanswered exchanges (the send
// and receive paths record the rest; ike/diagnosis turns it into findings).
#include "ikev1/diagnosis_offers.hpp"
#include "ikev1/engine.hpp"

namespace oakley::ikev1 {

namespace diag = ike::diagnosis;

void Engine::note_exchange_failure(const IsakmpSa& sa, const Exchange& exchange,
                                   const std::string& why) {
  if (!sa.connection) return;
  auto phase = diagnosis_phase(exchange.type());
  bool phase1 = phase == diag::Phase::kMainMode || phase == diag::Phase::kAggressiveMode;
  diagnosis_.failed_because(sa.connection->name, sa.id, phase, why, sa.remote, deps_.timers.now(),
                            phase1 ? std::optional<bool>(sa.initiator) : std::nullopt);
}

void Engine::note_no_answer(const IsakmpSa& sa, const Exchange& exchange, const std::string& why) {
  if (!sa.connection) return;
  diag::Failure f;
  f.cause = diag::Cause::kNoAnswer;
  f.phase = diagnosis_phase(exchange.type());
  // A responder's unanswered Main / Aggressive Mode message answers one anyone can forge.
  if (f.phase == diag::Phase::kMainMode || f.phase == diag::Phase::kAggressiveMode)
    f.we_initiated = sa.initiator;
  f.detail = why;
  f.peer = sa.remote;
  if (sa.last_inbound != TimePoint{}) f.last_heard = sa.last_inbound;
  diagnosis_.failed(sa.connection->name, sa.id, std::move(f), deps_.timers.now());
}

}  // namespace oakley::ikev1
