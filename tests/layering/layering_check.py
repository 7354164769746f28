#!/usr/bin/env python3
"""The layer check: every edge under src/ must be one README's layout table allows.

README.md's "Layout" table has one row per layer folder (`src/<layer>/`) and a last column, "may
use", naming the layers (by folder name) and the restricted libraries (by include pattern, e.g.
`<openssl/*>`) that layer may use. The table is the rule; this script only reads it, so the two
cannot disagree. It fails, naming file:line and the edge, on:
  - an #include of a file in another layer the row does not name (quoted or angled, relative
    paths resolved), or of a file that does not exist under src/;
  - an #include matching a library pattern some row names, from a layer whose row does not;
  - `namespace oakley::<layer>` opened in another layer's file (a forward declaration is an edge
    the includes do not show);
  - a CMake target of one layer linking another layer's library the row does not name;
  - a folder under src/ without a row or without a README.md, a row for a missing folder, a
    "may use" entry that names no layer, or a cycle in the table.

README.md's "Inside a layer" table (optional; under "### Inside a layer" in the Layout section)
narrows a folder inside a layer: the headers of src/ that its files may not include, directly or
through other headers of src/ (an IKE exchange sees its engine only through its ExchangeContext).
It fails on such an include, naming file:line and the chain, and on a row whose folder or header
does not exist (a renamed file must not switch its rule off quietly).

Usage: layering_check.py [--root REPO]   (default: the repository this file is in)
Exit code 0 when everything is allowed, 1 otherwise (each problem on its own line), 2 when the
table cannot be read at all.
"""

from __future__ import annotations

import argparse
import fnmatch
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

SOURCE_SUFFIXES = {".hpp", ".cpp", ".h", ".cc", ".hh", ".ipp", ".inl"}
INCLUDE_RE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')
NAMESPACE_RE = re.compile(r"^\s*namespace\s+oakley::([A-Za-z_][A-Za-z0-9_]*)")
CMAKE_TARGET_RE = re.compile(r"\boakley_[A-Za-z0-9_]+\b")
CMAKE_DEFINE_RE = re.compile(r"\b(oakley_library|add_library)\s*\(\s*([A-Za-z0-9_]+)")


class TableError(Exception):
    """README's table is missing or malformed: nothing else can be checked."""


@dataclass
class Layer:
    name: str
    line: int  # README line of its row
    layers: list[str] = field(default_factory=list)  # layers it may use
    patterns: list[str] = field(default_factory=list)  # library include patterns it may use

    def describe_allowed(self) -> str:
        allowed = self.layers + self.patterns
        return ", ".join(allowed) if allowed else "nothing"


def split_row(line: str) -> list[str]:
    cells = line.strip().strip("|").split("|")
    return [c.strip() for c in cells]


def first_table_row(lines: list[str], heading: int, next_section: str) -> int | None:
    """The index of the first table line after `heading`, or None if a line starting with
    `next_section` (the next heading) comes first."""
    for i in range(heading + 1, len(lines)):
        if lines[i].startswith(next_section):
            return None
        if lines[i].startswith("|"):
            return i
    return None


def table_body(readme: Path, lines: list[str], header: int, width: int):
    """(index, cells) of each row after the header row at `header` and its separator, until the
    table ends; a row with another number of cells than the header's `width` is an error."""
    for i in range(header + 2, len(lines)):
        if not lines[i].startswith("|"):
            break
        cells = split_row(lines[i])
        if len(cells) != width:
            raise TableError(f"{readme}:{i + 1}: {len(cells)} cells, the header has {width}")
        yield i, cells


def parse_table(readme: Path) -> dict[str, Layer]:
    """Rows of the table under '## Layout' whose folder cell names src/<layer>/ folders."""
    if not readme.is_file():
        raise TableError(f"{readme}: not found")
    lines = readme.read_text(encoding="utf-8").splitlines()
    try:
        start = next(i for i, l in enumerate(lines) if l.strip() == "## Layout")
    except StopIteration:
        raise TableError(f"{readme}: no '## Layout' section") from None
    header = first_table_row(lines, start, "## ")
    if header is None:
        raise TableError(f"{readme}: no table under '## Layout'")
    columns = [c.lower() for c in split_row(lines[header])]
    if "folder" not in columns or "may use" not in columns:
        raise TableError(f"{readme}:{header + 1}: the layout table needs 'folder' and 'may use' columns")
    folder_col, use_col = columns.index("folder"), columns.index("may use")

    layers: dict[str, Layer] = {}
    for i, cells in table_body(readme, lines, header, len(columns)):
        folders = re.findall(r"`src/([A-Za-z0-9_]+)/`", cells[folder_col])
        if not folders:
            continue  # tests/, fuzz/, bench/ ...: not layers under src/
        tokens = re.findall(r"`([^`]+)`", cells[use_col])
        if not tokens and cells[use_col].lower() not in ("nothing", ""):
            raise TableError(f"{readme}:{i + 1}: 'may use' must list `layer`s or `<pattern>`s, or say nothing")
        for folder in folders:
            if folder in layers:
                raise TableError(f"{readme}:{i + 1}: src/{folder}/ has a second row")
            layer = Layer(folder, i + 1)
            for t in tokens:
                (layer.patterns if t.startswith("<") and t.endswith(">") else layer.layers).append(t)
            layers[folder] = layer
    if not layers:
        raise TableError(f"{readme}: the layout table names no src/ folder")
    return layers


@dataclass
class Ban:
    folder: str  # under src/, e.g. "ikev1/exchanges"
    header: str  # under src/, e.g. "ikev1/engine.hpp"
    line: int  # README line of its row


def parse_bans(readme: Path) -> list[Ban]:
    """Rows of the table under '### Inside a layer' (none without that heading)."""
    lines = readme.read_text(encoding="utf-8").splitlines()
    try:
        start = next(i for i, l in enumerate(lines) if l.strip() == "### Inside a layer")
    except StopIteration:
        return []
    header = first_table_row(lines, start, "#")
    if header is None:
        raise TableError(f"{readme}:{start + 1}: no table under '### Inside a layer'")
    columns = [c.lower() for c in split_row(lines[header])]
    if "folder" not in columns or "may not include" not in columns:
        raise TableError(f"{readme}:{header + 1}: the 'Inside a layer' table needs 'folder' and"
                         " 'may not include' columns")
    folder_col, ban_col = columns.index("folder"), columns.index("may not include")
    bans = []
    for i, cells in table_body(readme, lines, header, len(columns)):
        folders = re.findall(r"`src/([A-Za-z0-9_/]+?)/?`", cells[folder_col])
        headers = re.findall(r"`([^`]+)`", cells[ban_col])
        if not folders or not headers:
            raise TableError(f"{readme}:{i + 1}: a row names `src/<folder>/`s and the `headers` they"
                             " may not include")
        bans += [Ban(f, h, i + 1) for f in folders for h in headers]
    return bans


def table_problems(layers: dict[str, Layer], readme: str) -> list[str]:
    problems = []
    for layer in layers.values():
        for used in layer.layers:
            if used not in layers:
                problems.append(f"{readme}:{layer.line}: {layer.name} may use '{used}', which has no row")
            elif used == layer.name:
                problems.append(f"{readme}:{layer.line}: {layer.name} names itself")
    # A cycle would make "bottom up" meaningless: depth-first search over the allowed edges.
    state: dict[str, int] = {}

    def visit(name: str, path: list[str]) -> None:
        state[name] = 1
        for used in layers[name].layers:
            if used not in layers:
                continue
            if state.get(used) == 1:
                cycle = path[path.index(used):] + [used]
                problems.append(f"{readme}:{layers[name].line}: cycle {' -> '.join(cycle)}")
            elif used not in state:
                visit(used, path + [used])
        state[name] = 2

    for name in layers:
        if name not in state:
            visit(name, [name])
    return problems


def layer_of(path: Path, src: Path) -> str | None:
    try:
        rel = path.resolve().relative_to(src.resolve())
    except ValueError:
        return None
    return rel.parts[0] if len(rel.parts) > 1 else None


def resolve_include(name: str, including: Path, src: Path, quoted: bool) -> Path | None:
    candidates = ([including.parent / name] if quoted else []) + [src / name]
    for c in candidates:
        if c.is_file():
            return c
    return None


def check_sources(layers: dict[str, Layer], root: Path) -> tuple[list[str], int]:
    src = root / "src"
    patterns = sorted({p for layer in layers.values() for p in layer.patterns})
    problems: list[str] = []
    checked = 0
    for path in sorted(src.rglob("*")):
        if path.suffix not in SOURCE_SUFFIXES or not path.is_file():
            continue
        own = layer_of(path, src)
        if own not in layers:
            continue  # reported once per folder by check_folders
        rel = path.relative_to(root).as_posix()
        rule = layers[own]
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            m = INCLUDE_RE.match(line)
            if m:
                checked += 1
                quoted, name = m.group(1) == '"', m.group(2)
                shown = f'#include "{name}"' if quoted else f"#include <{name}>"
                target = resolve_include(name, path, src, quoted)
                if target is not None:
                    used = layer_of(target, src)
                    if used is None:
                        problems.append(f"{rel}:{number}: {shown}: outside the layers of src/")
                    elif used != own and used not in rule.layers:
                        problems.append(f"{rel}:{number}: {own} -> {used}: {shown}"
                                        f" ({own} may use: {rule.describe_allowed()})")
                    continue
                if quoted:
                    problems.append(f"{rel}:{number}: {shown}: no such file under src/")
                    continue
                for p in patterns:
                    if fnmatch.fnmatchcase(f"<{name}>", p) and p not in rule.patterns:
                        problems.append(f"{rel}:{number}: {own} -> {p}: {shown}"
                                        f" ({own} may use: {rule.describe_allowed()})")
                continue
            m = NAMESPACE_RE.match(line)
            if m and m.group(1) in layers and m.group(1) != own and m.group(1) not in rule.layers:
                problems.append(f"{rel}:{number}: {own} -> {m.group(1)}: namespace oakley::{m.group(1)}"
                                f" declared here ({own} may use: {rule.describe_allowed()})")
    return problems, checked


def direct_includes(path: Path, src: Path) -> list[tuple[int, str, Path]]:
    """(line, include as written, file under src/) of each #include that resolves."""
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        m = INCLUDE_RE.match(line)
        if not m:
            continue
        quoted, name = m.group(1) == '"', m.group(2)
        target = resolve_include(name, path, src, quoted)
        if target is not None:
            shown = f'#include "{name}"' if quoted else f"#include <{name}>"
            found.append((number, shown, target.resolve()))
    return found


def include_chain(start: Path, banned: Path, src: Path, cache: dict) -> list[Path] | None:
    """The headers from `start` to `banned` (both included), if `start` reaches it."""
    parent: dict[Path, Path | None] = {start: None}
    todo = [start]
    while todo:
        here = todo.pop()
        if here == banned:
            chain = []
            node: Path | None = here
            while node is not None:
                chain.append(node)
                node = parent[node]
            return chain[::-1]
        if here not in cache:
            cache[here] = [t for _, _, t in direct_includes(here, src)]
        for nxt in cache[here]:
            if nxt not in parent:
                parent[nxt] = here
                todo.append(nxt)
    return None


def check_bans(bans: list[Ban], root: Path, readme: str) -> list[str]:
    src = root / "src"
    problems = []
    cache: dict[Path, list[Path]] = {}
    for ban in bans:
        folder, banned = src / ban.folder, (src / ban.header).resolve()
        rule = f"src/{ban.folder}/ may not include {ban.header} ({readme}:{ban.line}, Inside a layer)"
        if not folder.is_dir():
            problems.append(f"{readme}:{ban.line}: row for src/{ban.folder}/, which does not exist")
        if not banned.is_file():
            problems.append(f"{readme}:{ban.line}: {ban.header}: no such file under src/")
        if not folder.is_dir() or not banned.is_file():
            continue
        for path in sorted(folder.rglob("*")):
            if path.suffix not in SOURCE_SUFFIXES or not path.is_file():
                continue
            rel = path.relative_to(root).as_posix()
            for number, shown, target in direct_includes(path, src):
                chain = include_chain(target, banned, src, cache)
                if chain is None:
                    continue
                if len(chain) == 1:
                    problems.append(f"{rel}:{number}: {shown}: {rule}")
                else:
                    via = " -> ".join(p.relative_to(src.resolve()).as_posix() for p in chain)
                    problems.append(f"{rel}:{number}: {shown} reaches {ban.header} ({via}): {rule}")
    return problems


def cmake_lines(path: Path) -> list[str]:
    # Comments may name targets ("links oakley_daemon for ..."): only code counts.
    return [re.sub(r"#.*", "", l) for l in path.read_text(encoding="utf-8").splitlines()]


def check_links(layers: dict[str, Layer], root: Path) -> list[str]:
    src = root / "src"
    files = [p for p in sorted(src.rglob("CMakeLists.txt")) if layer_of(p, src) in layers]
    owner: dict[str, str] = {}  # library target -> layer that defines it
    for path in files:
        for line in cmake_lines(path):
            for m in CMAKE_DEFINE_RE.finditer(line):
                target = f"oakley_{m.group(2)}" if m.group(1) == "oakley_library" else m.group(2)
                owner[target] = layer_of(path, src)
    problems = []
    for path in files:
        own = layer_of(path, src)
        rule = layers[own]
        for number, line in enumerate(cmake_lines(path), 1):
            for target in CMAKE_TARGET_RE.findall(line):
                used = owner.get(target)
                if used and used != own and used not in rule.layers:
                    problems.append(f"{path.relative_to(root).as_posix()}:{number}: {own} -> {used}:"
                                    f" links {target} ({own} may use: {rule.describe_allowed()})")
    return problems


def check_folders(layers: dict[str, Layer], root: Path, readme: str) -> list[str]:
    src = root / "src"
    problems = []
    present = sorted(p.name for p in src.iterdir() if p.is_dir()) if src.is_dir() else []
    for name in present:
        if name not in layers:
            problems.append(f"src/{name}/: no row in {readme}'s layout table")
        elif not (src / name / "README.md").is_file():
            problems.append(f"src/{name}/README.md: missing (what the folder owns, what it may use,"
                            " where to start reading)")
    for name, layer in layers.items():
        if name not in present:
            problems.append(f"{readme}:{layer.line}: row for src/{name}/, which does not exist")
    return problems


def run(root: Path, out=sys.stdout) -> int:
    readme = root / "README.md"
    try:
        layers = parse_table(readme)
        bans = parse_bans(readme)
    except TableError as e:
        print(f"layering: {e}", file=out)
        return 2
    problems = table_problems(layers, "README.md")
    problems += check_folders(layers, root, "README.md")
    source_problems, includes = check_sources(layers, root)
    problems += source_problems
    problems += check_links(layers, root)
    problems += check_bans(bans, root, "README.md")
    for p in problems:
        print(p, file=out)
    if problems:
        print(f"layering: {len(problems)} problem(s); README.md's layout tables are the rule", file=out)
        return 1
    print(f"layering: {len(layers)} layers, {includes} includes, every edge allowed;"
          f" {len(bans)} header(s) kept out of folders inside a layer", file=out)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[2])
    return run(parser.parse_args().root)


if __name__ == "__main__":
    sys.exit(main())
