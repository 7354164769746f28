// The operator's ids of IKE SAs (oakctl's #n) and CHILD_SAs ({n}), handed out by one allocator
// that both engines share: an id names one SA in the whole process whatever its version, so
// `oakctl terminate --ike-id N` needs no rule about which engine numbers what. IKE SA ids and
// CHILD_SA ids are counted apart (IKE SA #1 and CHILD_SA {1} may both exist), as charon does.
#pragma once

#include <cstdint>

namespace oakley::ike {

class SaIds {
 public:
  std::uint32_t next_ike_id() { return ++last_ike_; }
  std::uint32_t next_child_id() { return ++last_child_; }

 private:
  std::uint32_t last_ike_ = 0;
  std::uint32_t last_child_ = 0;
};

}  // namespace oakley::ike
