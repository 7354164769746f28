// One oakload run, wired from the product's own pieces: the event loop, crypto workers and IKE
// sockets and SocketSender oakleyd uses, and an IKEv2 engine that installs nothing in
// a data plane (NullBackend, install_children = false) and starts nothing by itself.
#pragma once

#include "tools/oakload/options.hpp"

namespace oakley::oakload {

// Prints progress on stderr and the summary on stdout; returns the process exit code.
int run_load(const LoadOptions& options);

}  // namespace oakley::oakload
