#include "common/log_filter.hpp"

namespace oakley::log {

bool Filter::matches(const Record& r) const {
  if (static_cast<int>(r.level) > static_cast<int>(level)) return false;
  if (!selects_traffic()) return true;
  if (!r.context) return false;
  if (!connection.empty() && r.context->connection != connection) return false;
  if (peer && r.context->peer != peer) return false;
  return true;
}

}  // namespace oakley::log
