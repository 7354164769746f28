// Wireshark key export on the daemon's side: writing a KeyLog's tables to files (mode 0600,
// written beside and renamed over, so a reader never sees half a file), for `oakctl export-keys`
// and for the export_keys_dir the daemon keeps current.
#pragma once

#include <string>

#include "common/result.hpp"
#include "common/secret.hpp"
#include "ike/key_log.hpp"

namespace oakley::daemon {

struct KeyFiles {
  std::string ikev2, ikev1, esp;  // empty: not written
};

// The files of a Wireshark profile folder (ikev2_decryption_table, ikev1_decryption_table, esp_sa).
KeyFiles key_files_in(const std::string& dir);

// Writes what is asked for; the error names the file that failed.
Status write_key_files(const ike::KeyLog& log, const KeyFiles& files);

// `content` to `path`, mode 0600, through a temporary file in the same folder.
Status write_secret_file(const std::string& path, const SecretBytes& content);

}  // namespace oakley::daemon
