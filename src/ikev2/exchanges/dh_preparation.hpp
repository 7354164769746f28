// A DH key pair a task generates on a worker before it builds its request (PFS for a CHILD_SA,
// the new DH of an IKE rekey). The worker job writes only into a slot it shares with the task,
// never into the task itself: the SA, and the task with it, can be destroyed while the job runs
// (a DELETE from the peer, `oakctl terminate`), and the job must not write into freed memory.
#pragma once

#include <functional>
#include <memory>

#include "crypto/dh.hpp"

namespace oakley::ikev2 {

class DhPreparation {
 public:
  // The worker job that generates a key pair of `group` (its result is kept for take()).
  std::function<void()> job(DhId group) {
    auto slot = std::make_shared<std::unique_ptr<crypto::DhKeyPair>>();
    slot_ = slot;
    return [slot, group] {
      auto dh = crypto::DhKeyPair::generate(group);
      if (dh) *slot = std::move(*dh);
    };
  }
  // On the loop, once the job has finished: the generated key pair (nullptr if it failed or no
  // job ran).
  std::unique_ptr<crypto::DhKeyPair> take() {
    std::unique_ptr<crypto::DhKeyPair> out;
    if (slot_) out = std::move(*slot_);
    slot_.reset();
    return out;
  }

 private:
  std::shared_ptr<std::unique_ptr<crypto::DhKeyPair>> slot_;
};

}  // namespace oakley::ikev2
