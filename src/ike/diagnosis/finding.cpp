#include "ike/diagnosis/finding.hpp"

#include <algorithm>

namespace oakley::ike::diagnosis {

namespace {

constexpr std::string_view kEvidence = "  evidence: ";
constexpr std::string_view kFix = "  fix: ";
constexpr std::string_view kCode = "  code: ";

std::string one_line(std::string_view text) {
  std::string out(text);
  std::replace(out.begin(), out.end(), '\n', ' ');
  return out;
}

bool take(std::string_view& line, std::string_view prefix) {
  if (!line.starts_with(prefix)) return false;
  line.remove_prefix(prefix.size());
  return true;
}

void read_first_line(std::string_view line, Finding& f) {
  static constexpr Severity kAll[] = {Severity::kError, Severity::kWarning, Severity::kInfo,
                                      Severity::kOk};
  for (auto s : kAll) {
    auto name = severity_name(s);
    if (line.starts_with(name) && line.substr(name.size()).starts_with(": ")) {
      f.severity = s;
      f.text = line.substr(name.size() + 2);
      return;
    }
  }
  f.severity = Severity::kInfo;
  f.text = line;
}

}  // namespace

std::string_view severity_name(Severity s) {
  switch (s) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kInfo:
      return "info";
    case Severity::kOk:
      return "ok";
  }
  return "info";
}

std::string to_line(const Finding& f) {
  std::string out = std::string(severity_name(f.severity)) + ": " + one_line(f.text);
  for (const auto& e : f.evidence)
    out += "\n" + std::string(kEvidence) + one_line(e);
  if (!f.fix.empty()) out += "\n" + std::string(kFix) + one_line(f.fix);
  if (!f.code.empty()) out += "\n" + std::string(kCode) + one_line(f.code);
  return out;
}

Finding parse_line(std::string_view line) {
  Finding f;
  auto end = line.find('\n');
  read_first_line(line.substr(0, end), f);
  while (end != std::string_view::npos) {
    line.remove_prefix(end + 1);
    end = line.find('\n');
    auto part = line.substr(0, end);
    if (take(part, kEvidence)) {
      f.evidence.emplace_back(part);
    } else if (take(part, kFix)) {
      f.fix = part;
    } else if (take(part, kCode)) {
      f.code = part;
    } else {
      f.text += " " + std::string(part);  // not ours: keep it readable
    }
  }
  return f;
}

}  // namespace oakley::ike::diagnosis
