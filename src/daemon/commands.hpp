// oakctl's commands on the daemon's side (the list and result shapes: src/control/COMMANDS.md).
// Handlers run on the loop thread and read or drive the engines directly.
#pragma once

#include "control/server.hpp"

namespace oakley::daemon {

class Daemon;

void register_commands(control::Server& server, Daemon& daemon);

// Split by theme (commands_sa.cpp, commands_admin.cpp, ...).
void register_sa_commands(control::Server& server, Daemon& daemon);
void register_admin_commands(control::Server& server, Daemon& daemon);
void register_key_commands(control::Server& server, Daemon& daemon);      // export-keys
void register_monitor_commands(control::Server& server, Daemon& daemon);  // subscribe
void register_trace_command(control::Server& server, Daemon& daemon);     // trace

}  // namespace oakley::daemon
