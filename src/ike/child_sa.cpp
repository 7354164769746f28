#include "ike/child_sa.hpp"

namespace oakley::ike {

std::string_view child_state_name(ChildState s) {
  switch (s) {
    case ChildState::kCreating:
      return "CREATING";
    case ChildState::kInstalled:
      return "INSTALLED";
    case ChildState::kRekeying:
      return "REKEYING";
    case ChildState::kRekeyed:
      return "REKEYED";
    case ChildState::kDeleting:
      return "DELETING";
  }
  return "?";
}

}  // namespace oakley::ike
