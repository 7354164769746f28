#!/usr/bin/env python3
"""The man pages stay a complete reference of what the code accepts.

Reads the key lists of the configuration loader (src/config/*.cpp) and the options the command
lines declare (CLI11 calls in oakleyd's, oakctl's and oakload's sources), and checks that each
is documented in the scdoc source of its man page: a configuration key as a definition term
(a line starting with *key*) in the man page section for its part of the file, an option or
oakctl command as bold text. A key or option added to the code without a line in the man page
fails here, as does a source that no longer has the shape this test reads (so the test cannot
pass by finding nothing).

usage: man_reference_test.py SOURCE_DIR
"""
import re
import sys
from pathlib import Path

SRC = Path(sys.argv[1])
MAN = SRC / "docs" / "man"
failures = []


def read(path):
    return (SRC / path).read_text()


def string_list(source, name, path):
    """The string literals of `<type> name = { ... };` in a C++ source."""
    m = re.search(r"\b" + name + r"\s*=\s*\{(.*?)\};", source, re.S)
    if not m:
        failures.append(f"{path}: no list {name} (did the loader change? update this test)")
        return []
    items = re.findall(r'"([^"]*)"', m.group(1))
    if not items:
        failures.append(f"{path}: {name} holds no string")
    return items


def man_sections(page):
    """Section heading -> its text, from an scdoc source."""
    sections, current = {}, None
    for line in (MAN / page).read_text().splitlines():
        if line.startswith("# "):
            current = line[2:].strip()
            sections[current] = []
        elif current:
            sections[current].append(line)
    return sections


def terms(lines):
    """Bold words on definition-term lines (not indented, starting with *)."""
    found = set()
    for line in lines:
        if line.startswith("*"):
            found.update(re.findall(r"\*([^*\s]+)\*", line))
    return found


conf = man_sections("oakley.conf.5.scd")
loader = {
    # list name, source file, man page section
    ("kConnectionKeys", "src/config/connection_loader.cpp", "CONNECTIONS"),
    ("kLocalKeys", "src/config/auth_loader.cpp", "LOCAL AND REMOTE"),
    ("kRemoteKeys", "src/config/auth_loader.cpp", "LOCAL AND REMOTE"),
    ("kChildKeys", "src/config/child_loader.cpp", "CHILDREN"),
    ("kPoolKeys", "src/config/pools.cpp", "POOLS"),
    ("kDaemonKeys", "src/config/daemon_settings.cpp", "DAEMON SETTINGS"),
}
checked = 0
for name, path, section in sorted(loader):
    documented = terms(conf.get(section, []))
    if not documented:
        failures.append(f"oakley.conf.5.scd: no section {section} with keys")
    for key in string_list(read(path), name, path):
        checked += 1
        if key not in documented:
            failures.append(f"oakley.conf(5) {section}: key '{key}' ({path}) is not documented")

# Secret sections are named by type: ike<suffix>, eap<suffix>, ...
kinds = re.search(r"kKinds\s*=\s*\{\{(.*?)\}\};", read("src/config/secrets.cpp"), re.S)
if not kinds:
    failures.append("src/config/secrets.cpp: no kKinds (update this test)")
else:
    documented = terms(conf.get("SECRETS", []))
    for kind in re.findall(r'\{"([a-z0-9]+)"', kinds.group(1)):
        checked += 1
        if f"{kind}<suffix>" not in documented:
            failures.append(f"oakley.conf(5) SECRETS: secret type '{kind}' is not documented")

conf_text = "\n".join(line for lines in conf.values() for line in lines)
for section in string_list(read("src/config/config.cpp"), "kTopSections", "src/config/config.cpp"):
    checked += 1
    if f"*{section}*" not in conf_text:
        failures.append(f"oakley.conf(5): top-level section '{section}' is not mentioned")


def cli_names(path):
    """Option names (-x, --xyz) declared with CLI11 in a source file."""
    source = read(path)
    decls = re.findall(r'(?:add_option|add_flag|set_version_flag)\(\s*"([^"]+)"', source)
    names = list(dict.fromkeys(n for d in decls for n in d.split(",") if n.startswith("-")))
    if not names:
        failures.append(f"{path}: no CLI11 options found (update this test)")
    return names


def check_cli(page, paths, commands=()):
    global checked
    text = (MAN / page).read_text()
    for path in paths:
        for option in cli_names(path):
            checked += 1
            if f"*{option}*" not in text:
                failures.append(f"{page}: option {option} ({path}) is not documented")
    for command in commands:
        checked += 1
        if not re.search(r"^\*" + re.escape(command) + r"\*", text, re.M):
            failures.append(f"{page}: command '{command}' has no entry")


check_cli("oakleyd.8.scd", ["src/daemon/main.cpp"])
oakctl_commands = re.findall(r'\bcommand\(\s*"([a-z-]+)"', read("src/cli/args.cpp"))
if not oakctl_commands:
    failures.append("src/cli/args.cpp: no oakctl commands found (update this test)")
check_cli("oakctl.8.scd", ["src/cli/args.cpp"], oakctl_commands)
check_cli("oakload.1.scd", ["src/tools/oakload/options.cpp"])

for f in failures:
    print("FAIL:", f)
print(f"{checked} keys, commands and options checked, {len(failures)} undocumented")
sys.exit(1 if failures else 0)
