#include "common/log_context.hpp"

#include <fmt/format.h>

namespace oakley::log {
namespace {

thread_local const Context* t_current = nullptr;

}  // namespace

std::string prefix(const Context& c) {
  std::string out;
  if (!c.connection.empty() || c.sa_id != 0) {
    std::string_view name = c.connection.empty() ? std::string_view("?") : c.connection;
    out = c.sa_id != 0 ? fmt::format("<{}|{}> ", name, c.sa_id) : fmt::format("<{}> ", name);
  }
  if (!c.has_ike_spis() && !c.has_child_spis()) return out;
  out += '[';
  if (c.has_ike_spis()) out += fmt::format("{:016x}_i {:016x}_r", c.spi_i, c.spi_r);
  if (c.has_ike_spis() && c.has_child_spis()) out += ' ';
  if (c.has_child_spis()) out += fmt::format("{:08x}_i {:08x}_o", c.child_spi_in, c.child_spi_out);
  out += "] ";
  return out;
}

ContextScope::ContextScope(Context context) : context_(std::move(context)), previous_(t_current) {
  t_current = &context_;
}

ContextScope::~ContextScope() {
  t_current = previous_;
}

const Context* current_context() {
  return t_current;
}

}  // namespace oakley::log
