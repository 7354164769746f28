// Files holding secrets (private keys, configuration with PSKs and passwords) that others can
// read or change. We warn, with the path, each time such a file is loaded, and load it anyway:
// strongSwan loads these files whatever their mode, and a configuration that works with charon
// must keep working here; an operator who dropped privileges (oakley { user, group }) needs keys
// readable by that group, so group read is fine.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace oakley {

// Why `path` is exposed ("readable by others (mode 0644)"), or nothing when it is not (or cannot
// be inspected: the loader reports that itself). Exposed: any access for others, write access
// for the group, or an owner other than root and us (who could rewrite it).
std::optional<std::string> secret_file_exposure(const std::string& path);

// Logs a warning naming `what` ("private key"), the path and the reason when the file is exposed;
// returns whether it was.
bool warn_if_secret_file_exposed(const std::string& path, std::string_view what);

}  // namespace oakley
