// Rekeying IPsec SA pairs (IKEv1 has no rekey exchange: a rekey is a new Quick Mode for the same
// selectors). Make-before-break: the new pair is installed first, then the old one is deleted
// by the side that made the new one. When both peers rekey the same pair at once, two new pairs
// appear; the one with the higher SPIs is redundant and its maker deletes it, a rule both sides
// apply alike.
#include <fmt/format.h>

#include <algorithm>

#include "ikev1/engine.hpp"
#include "ikev1/exchanges/informational.hpp"
#include "ikev1/exchanges/quick_mode.hpp"
#include "ikev1/sa_log.hpp"

namespace oakley::ikev1 {

namespace {

// Old inbound SAs stay this long after a rekey, for packets already on their way.
constexpr auto kRekeyedInboundGrace = std::chrono::seconds(2);
// The side that made the new pair moves its traffic there this long after QM3, and deletes the
// old pair later still: the responder installs the new pair only once it has QM3, and may handle
// a DELETE sent right behind QM3 first (charon handles datagrams on several threads), which
// would leave it without any pair for a moment.
constexpr auto kOutboundSwitchDelay = std::chrono::milliseconds(300);
constexpr auto kDeleteAfterRekey = std::chrono::seconds(1);
constexpr auto kRekeyRetry = std::chrono::duration_cast<Duration>(std::chrono::seconds(60));

// By name: a configuration reload gives new children new config objects.
bool same_tunnel(const ChildSa& a, const ChildSa& b) {
  return a.name() == b.name() && a.pair_index == b.pair_index && a.local_ts == b.local_ts &&
         a.remote_ts == b.remote_ts;
}

}  // namespace

Engine::ChildRef Engine::locate_child(std::uint32_t child_id) {
  if (child_id == 0) return {};
  for (IsakmpSa* s : sas_) {
    if (ChildSa* c = s->find_child(child_id)) return {s, c};
  }
  return {};
}

Engine::ChildRef Engine::find_sibling(const IsakmpSa& sa, const ChildSa& child) {
  for (auto* s : sas_of(*sa.connection)) {
    for (auto& c : s->children) {
      if (c.get() == &child || !same_tunnel(*c, child)) continue;
      if (c->state == ChildState::kInstalled || c->state == ChildState::kRekeying) {
        return {s, c.get()};
      }
    }
  }
  return {};
}

void Engine::remove_after_grace(ChildRef ref) {
  std::uint32_t home_id = ref.sa->id, child_id = ref.child->id;
  if (ref.child->expire_timer) deps_.timers.cancel(ref.child->expire_timer);
  ref.child->expire_timer = deps_.timers.schedule(kRekeyedInboundGrace, [this, home_id, child_id] {
    IsakmpSa* s = find_sa(home_id);
    if (ChildSa* c = s ? s->find_child(child_id) : nullptr) {
      c->expire_timer = 0;
      remove_child(*s, child_id, ChildEnd::kDeleted);
    }
  });
}

void Engine::supersede(IsakmpSa& sa, ChildRef old, const ChildSa& successor, bool send_delete) {
  ++stats_.child_rekeyed;
  old.child->state = ChildState::kRekeyed;
  old.child->replaced_by = successor.id;
  if (old.child->rekey_timer) deps_.timers.cancel(old.child->rekey_timer);
  old.child->rekey_timer = 0;
  sa_log(sa, *old.child, log::Level::kInfo, "CHILD_SA {}{{{}}} rekeyed{} as {{{}}}",
         old.child->name(), old.child->id, send_delete ? "" : " by the peer", successor.id);
  if (!send_delete) return;  // its maker deletes it (or it expires)
  std::uint32_t sa_id = sa.id, old_id = old.child->id, spi = old.child->spi_in;
  schedule_detached(kDeleteAfterRekey, [this, sa_id, old_id, spi] {
    IsakmpSa* s = find_sa(sa_id);
    ChildRef ref = locate_child(old_id);
    if (!ref.child || ref.child->state != ChildState::kRekeyed) return;
    if (s) send_informational(*s, {delete_esp_payload({spi})});
    remove_after_grace(ref);
  });
}

void Engine::install_outbound_soon(ChildSa& child, ike::ChildKeys keys) {
  auto held = std::make_shared<ike::ChildKeys>(std::move(keys));
  std::uint32_t child_id = child.id;
  schedule_detached(kOutboundSwitchDelay, [this, child_id, held] {
    ChildRef ref = locate_child(child_id);
    if (!ref.child || ref.child->outbound_installed) return;
    if (auto st = install_outbound(*ref.sa, *ref.child, *held); !st) {
      sa_log(*ref.sa, *ref.child, log::Level::kWarn,
             "CHILD_SA {}{{{}}}: outbound SA not installed: {}", ref.child->name(), child_id,
             st.error().message);
    }
  });
}

void Engine::resolve_duplicate(IsakmpSa& sa, ChildSa& a, ChildRef b) {
  // Both sides see the same two SPIs of a pair (swapped), so this choice is the same on both.
  auto key = [](const ChildSa& c) {
    return std::make_pair(std::min(c.spi_in, c.spi_out), std::max(c.spi_in, c.spi_out));
  };
  bool a_redundant = key(a) > key(*b.child);
  ChildRef ref = a_redundant ? ChildRef{&sa, &a} : b;
  ChildSa* keep = a_redundant ? b.child : &a;
  sa_log(sa, log::Level::kInfo,
         "CHILD_SA {}: both peers negotiated it at once; keeping {{{}}}, {{{}}} is redundant",
         a.name(), keep->id, ref.child->id);
  supersede(*ref.sa, ref, *keep, ref.child->we_initiated);
}

void Engine::rekey_failed(std::uint32_t child_id) {
  ChildRef ref = locate_child(child_id);
  if (!ref.child || ref.child->state != ChildState::kRekeying) return;
  ref.child->state = ChildState::kInstalled;
  if (ref.child->rekey_timer) return;
  // Retry while the pair still lives: after a minute, or halfway to its end when that is sooner.
  Duration retry = kRekeyRetry;
  if (ref.child->life_seconds) {
    auto end = ref.child->installed_at + std::chrono::seconds(ref.child->life_seconds);
    auto left = end - deps_.timers.now();
    if (left <= Duration::zero()) return;
    retry = std::min(retry, left / 2);
  }
  sa_log(*ref.sa, *ref.child, log::Level::kInfo,
         "CHILD_SA {}{{{}}}: rekey failed, trying again in {}s", ref.child->name(), child_id,
         std::chrono::duration_cast<std::chrono::seconds>(retry).count());
  ref.child->rekey_at = deps_.timers.now() + retry;
  ref.child->rekey_timer = deps_.timers.schedule(retry, [this, child_id] {
    ChildRef r = locate_child(child_id);
    if (!r.child) return;
    r.child->rekey_timer = 0;
    if (r.child->state == ChildState::kInstalled) rekey_child_now(*r.sa, *r.child, nullptr);
  });
}

bool Engine::revive_predecessor(const ChildSa& child) {
  ChildRef old = locate_child(child.replaces);
  if (!old.child || old.child->state != ChildState::kRekeyed ||
      old.child->replaced_by != child.id) {
    return false;
  }
  if (old.child->expire_timer) deps_.timers.cancel(old.child->expire_timer);
  old.child->expire_timer = 0;
  old.child->state = ChildState::kInstalled;
  old.child->replaced_by = 0;
  sa_log(*old.sa, *old.child, log::Level::kInfo,
         "CHILD_SA {}{{{}}} stays: the peer deleted its successor {{{}}}", old.child->name(),
         old.child->id, child.id);
  schedule_child_timers(*old.sa, *old.child);
  return true;
}

void Engine::note_quick_mode(IsakmpSa& sa, Exchange& qm) {
  auto mine = qm.child_in_flight();
  if (!mine || !mine->child) return;
  for (auto* s : sas_of(*sa.connection)) {
    for (auto& [mid, rec] : s->exchanges) {
      if (!rec->handler || rec->handler.get() == &qm) continue;
      auto other = rec->handler->child_in_flight();
      if (!other || other->we_initiate == mine->we_initiate || !other->child) continue;
      if (other->child->name != mine->child->name || other->pair != mine->pair) continue;
      rec->handler->mark_collided();
      qm.mark_collided();
    }
  }
}

void Engine::on_child_established(IsakmpSa& sa, ChildSa& child, std::uint32_t rekeyed_id,
                                  bool we_initiated, bool collided) {
  child.state = ChildState::kInstalled;
  child.installed_at = deps_.timers.now();
  child.we_initiated = we_initiated;
  ++stats_.child_installed;
  sa_log(sa, child, log::Level::kInfo,
         "CHILD_SA {}{{{}}} established with SPIs {:08x}_i {:08x}_o and TS {} === {} ({}{})",
         child.name(), child.id, child.spi_in, child.spi_out, ike::describe(child.local_ts),
         ike::describe(child.remote_ts), ike::describe(child.proposal),
         child.life_seconds ? fmt::format(", {}s", child.life_seconds) : "");
  schedule_child_timers(sa, child);
  if (rekeyed_id) {
    child.replaces = rekeyed_id;
    ChildRef old = locate_child(rekeyed_id);
    if (old.child && old.child->state != ChildState::kRekeyed) {
      supersede(sa, old, child, true);
      return;
    }
    // The peer rekeyed the same pair meanwhile: two new pairs now.
    ChildRef twin = old.child ? locate_child(old.child->replaced_by) : find_sibling(sa, child);
    if (!twin.child) return;
    resolve_duplicate(sa, child, twin);
    // If ours survived, the old pair is ours to delete.
    if (old.child && child.state == ChildState::kInstalled) supersede(sa, old, child, true);
    return;
  }
  ChildRef sibling = find_sibling(sa, child);
  if (!sibling.child) return;
  child.replaces = sibling.child->id;
  if (sibling.child->state == ChildState::kRekeying) {
    // Our own rekey of it is under way: when it completes, the two new pairs are sorted out.
    sibling.child->state = ChildState::kRekeyed;
    sibling.child->replaced_by = child.id;
    return;
  }
  // Both peers negotiated the same pair at once (not a rekey: then the sibling was REKEYING).
  if (collided && sibling.child->we_initiated != we_initiated) {
    resolve_duplicate(sa, child, sibling);
    return;
  }
  supersede(*sibling.sa, sibling, child, we_initiated);
}

}  // namespace oakley::ikev1
