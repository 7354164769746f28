// Human output of oakctl, one formatter per result shape the daemon returns (the shapes are in
// src/control/COMMANDS.md, samples with their output in tests/cli/sample_json.hpp). Each returns
// whole lines, each ending in "\n"; missing, null or mistyped fields are skipped, never thrown on.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "cli/json_access.hpp"

namespace oakley::cli {

// 12s, 51m, 3h59m, 2d3h: seconds below a minute, then whole minutes, then two units, truncated
// (an operator reading "rekeying in 3h59m" needs no seconds). A zero second unit is left out: 1h.
std::string format_duration(std::int64_t seconds);

std::string format_sas(const Json& result);       // list-sas, like `swanctl --list-sas`
std::string format_conns(const Json& result);     // list-conns, like `swanctl --list-conns`
std::string format_certs(const Json& result);     // list-certs, like `swanctl --list-certs`
std::string format_tree(const Json& value);       // stats: an indented "key: value" tree
std::string format_diagnose(const Json& result);  // diagnose: one line per finding
std::string format_message(const Json& result);   // {"message": "..."}; else as a tree
std::string format_event(const Json& event);      // a streamed "log" event, as oakleyd logs it
std::string format_sa_event(const Json& event);   // oakctl monitor: one line per SA event

// Picks the formatter for `command`'s result.
std::string format_result(std::string_view command, const Json& result);

}  // namespace oakley::cli
