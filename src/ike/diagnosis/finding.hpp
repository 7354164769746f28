// One finding of `oakctl diagnose`: how bad it is, what it says, what it rests on and what to do.
// Engines hand their findings to the daemon as lines ("error: ...", the form diagnose always had);
// a finding with evidence and a fix adds indented "evidence:", "fix:" and "code:" lines, which
// parse_line() reads back, so the engines' interface stays a list of strings.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace oakley::ike::diagnosis {

enum class Severity : std::uint8_t { kError, kWarning, kInfo, kOk };
std::string_view severity_name(Severity s);  // "error", "warning", "info", "ok"

struct Finding {
  Severity severity = Severity::kInfo;
  std::string code;                   // stable, for scripts and tests: "udp4500-blocked"
  std::string text;                   // the finding in words, one line
  std::vector<std::string> evidence;  // counters, messages sent and received, times
  std::string fix;                    // what to change or check; empty: nothing to do
};

// "error: TEXT" and, when present, "\n  evidence: ...", "\n  fix: ...", "\n  code: ..." lines.
// Newlines inside the parts become spaces: each part stays one line.
std::string to_line(const Finding& f);
// The inverse of to_line(); also reads the engines' plain lines ("warning: ...", or no
// severity at all: info).
Finding parse_line(std::string_view line);

}  // namespace oakley::ike::diagnosis
