#include "daemon/commands.hpp"

namespace oakley::daemon {

void register_commands(control::Server& server, Daemon& daemon) {
  register_sa_commands(server, daemon);
  register_admin_commands(server, daemon);
  register_key_commands(server, daemon);
  register_monitor_commands(server, daemon);
  register_trace_command(server, daemon);
}

}  // namespace oakley::daemon
