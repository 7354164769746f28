// diagnose, plain messages, streamed events, and the choice of formatter per command.
#include <fmt/format.h>

#include "cli/format.hpp"
#include "cli/text.hpp"

namespace oakley::cli {
namespace {

std::string_view marker(const std::string& severity) {
  if (severity == "error") return "[x]";
  if (severity == "warning" || severity == "warn") return "[!]";
  if (severity == "ok") return "[+]";
  if (severity == "info") return "[i]";
  return "[?]";
}

}  // namespace

std::string format_diagnose(const Json& result) {
  std::string out;
  add_line(out, "",
           join({get_string(result, "connection").value_or(""),
                 get_string(result, "state").value_or("")},
                ": "));
  const Json& findings = get_array(result, "findings");
  for (const auto& finding : findings) {
    auto severity = get_string(finding, "severity").value_or("");
    auto text =
        get_string(finding, "text").value_or(finding.is_string() ? scalar_text(finding) : "");
    out += fmt::format("  {} {}\n", marker(severity), text);
    // What the finding rests on and what to do, under it (older daemons send neither).
    for (const auto& e : get_strings(finding, "evidence"))
      out += fmt::format("      evidence: {}\n", e);
    if (auto fix = get_string(finding, "fix")) out += fmt::format("      fix: {}\n", *fix);
  }
  if (findings.empty()) out += "  no findings\n";
  return out;
}

std::string format_message(const Json& result) {
  if (auto message = get_string(result, "message")) return *message + "\n";
  if (result.is_null() || (result.is_object() && result.empty())) return "";
  return format_tree(result);
}

std::string format_event(const Json& event) {
  auto message = get_string(event, "message").value_or("");
  if (get_string(event, "event").value_or("") == "log") {
    return fmt::format("{:<5} [{}] {}\n", get_string(event, "level").value_or("info"),
                       get_string(event, "subsystem").value_or("-"), message);
  }
  if (!message.empty()) return message + "\n";
  Json rest = event;
  if (rest.is_object()) rest.erase("id");
  return format_tree(rest);
}

std::string format_result(std::string_view command, const Json& result) {
  if (command == "list-sas") return format_sas(result);
  if (command == "list-conns") return format_conns(result);
  if (command == "list-certs") return format_certs(result);
  if (command == "stats") return format_tree(result);
  if (command == "diagnose") return format_diagnose(result);
  return format_message(result);
}

}  // namespace oakley::cli
