#include "dataplane/null_backend.hpp"

namespace oakley::dataplane {

Result<std::uint32_t> NullBackend::allocate_spi() {
  std::lock_guard lock(mutex_);
  return next_spi_++;
}

}  // namespace oakley::dataplane
