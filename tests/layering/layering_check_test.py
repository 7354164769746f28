#!/usr/bin/env python3
"""Tests of the layer check on small fixture trees: it must pass a tree that keeps README's table
and fail, naming file:line and the edge, on each kind of violation."""

from __future__ import annotations

import io
import sys
import tempfile
import textwrap
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import layering_check  # noqa: E402  (beside this file)

README = """\
# fixture

## Layout

| folder | holds | may use |
|---|---|---|
| `src/base/` | the bottom | nothing |
| `src/crypt/` | wrappers | `base`, `<openssl/*>` |
| `src/engine/` | the top | `base`, `crypt` |
| `tests/<layer>/` | tests | |

### Inside a layer

| folder | may not include |
|---|---|
| `src/engine/steps/` | `engine/core.hpp` |

## Next section
"""

# A tree that keeps the table: every edge allowed, every folder documented.
GOOD = {
    "README.md": README,
    "src/base/README.md": "base\n",
    "src/base/bytes.hpp": "#pragma once\n#include <vector>\n",
    "src/base/CMakeLists.txt": "oakley_library(base SOURCES bytes.cpp)\n",
    "src/crypt/README.md": "crypt\n",
    "src/crypt/hash.cpp": '#include "base/bytes.hpp"\n#include <openssl/evp.h>\n',
    "src/crypt/CMakeLists.txt": "oakley_library(crypt SOURCES hash.cpp DEPS oakley_base OpenSSL::Crypto)\n",
    "src/engine/README.md": "engine\n",
    "src/engine/sub/state.hpp": "#pragma once\n",
    "src/engine/run.cpp": textwrap.dedent("""\
        #include "engine/sub/state.hpp"
        #include "sub/state.hpp"
        #include "crypt/../base/bytes.hpp"
        // #include "nowhere/at_all.hpp" is a comment, not an include
        namespace oakley::crypt {
        class Hash;
        }
        namespace oakley::engine {}
        """),
    # The folder under a ban sees only the narrow view; the rest of its layer sees everything.
    "src/engine/core.hpp": '#pragma once\n#include "engine/view.hpp"\n',
    "src/engine/view.hpp": "#pragma once\n",
    "src/engine/core.cpp": '#include "engine/core.hpp"\n#include "engine/steps/step.hpp"\n',
    "src/engine/steps/step.hpp": '#pragma once\n#include "engine/view.hpp"\n',
    "src/engine/steps/step.cpp": '#include "engine/steps/step.hpp"\n#include "../view.hpp"\n',
    "src/engine/CMakeLists.txt": "# links oakley_nothing in a comment\noakley_library(engine SOURCES run.cpp DEPS oakley_crypt)\n",
}


class LayeringCheckTest(unittest.TestCase):
    def check(self, changes: dict[str, str | None]) -> tuple[int, str]:
        files = dict(GOOD)
        files.update(changes)
        with tempfile.TemporaryDirectory(prefix="layering-") as tmp:
            root = Path(tmp)
            for name, text in files.items():
                if text is None:
                    continue
                path = root / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
            out = io.StringIO()
            rc = layering_check.run(root, out)
            return rc, out.getvalue()

    def assert_fails_with(self, changes: dict[str, str | None], *expected: str) -> None:
        rc, out = self.check(changes)
        self.assertEqual(rc, 1, out)
        for e in expected:
            self.assertIn(e, out)

    def test_tree_that_keeps_the_table_passes(self):
        rc, out = self.check({})
        self.assertEqual(rc, 0, out)
        self.assertIn("every edge allowed", out)

    def test_include_of_a_layer_not_in_the_row_fails_naming_file_line_and_edge(self):
        self.assert_fails_with(
            {"src/base/bytes.hpp": '#pragma once\n#include <vector>\n#include "engine/sub/state.hpp"\n'},
            'src/base/bytes.hpp:3: base -> engine: #include "engine/sub/state.hpp" (base may use: nothing)')

    def test_relative_include_into_another_layer_is_an_edge_too(self):
        self.assert_fails_with({"src/crypt/hash.cpp": '#include "../engine/sub/state.hpp"\n'},
                               'src/crypt/hash.cpp:1: crypt -> engine: #include "../engine/sub/state.hpp"')

    def test_angled_include_of_a_project_header_is_checked(self):
        self.assert_fails_with({"src/base/x.cpp": "#include <engine/sub/state.hpp>\n"},
                               "src/base/x.cpp:1: base -> engine: #include <engine/sub/state.hpp>")

    def test_include_of_a_missing_file_fails(self):
        self.assert_fails_with({"src/engine/x.cpp": '#include "gone/away.hpp"\n'},
                               'src/engine/x.cpp:1: #include "gone/away.hpp": no such file under src/')

    def test_restricted_library_outside_its_layers_fails(self):
        self.assert_fails_with({"src/engine/x.cpp": "#include <vector>\n#include <openssl/crypto.h>\n"},
                               "src/engine/x.cpp:2: engine -> <openssl/*>: #include <openssl/crypto.h>")

    def test_forward_declaration_into_another_layer_fails(self):
        self.assert_fails_with({"src/base/fwd.hpp": "namespace oakley::engine {\nclass Engine;\n}\n"},
                               "src/base/fwd.hpp:1: base -> engine: namespace oakley::engine declared here")

    def test_cmake_link_of_a_layer_not_in_the_row_fails(self):
        self.assert_fails_with(
            {"src/crypt/CMakeLists.txt": "oakley_library(crypt SOURCES hash.cpp\n  DEPS oakley_base oakley_engine)\n"},
            "src/crypt/CMakeLists.txt:2: crypt -> engine: links oakley_engine")

    def test_folder_without_a_row_or_readme_fails(self):
        self.assert_fails_with({"src/extra/x.hpp": "#pragma once\n"}, "src/extra/: no row in README.md's layout table")
        self.assert_fails_with({"src/crypt/README.md": None}, "src/crypt/README.md: missing")

    def test_row_for_a_missing_folder_fails(self):
        readme = README.replace("| `tests/", "| `src/ghost/` | nothing yet | `base` |\n| `tests/")
        self.assert_fails_with({"README.md": readme}, "row for src/ghost/, which does not exist")

    def test_table_naming_an_unknown_layer_or_a_cycle_fails(self):
        self.assert_fails_with({"README.md": README.replace("`base`, `<openssl/*>`", "`base`, `bsae`")},
                               "crypt may use 'bsae', which has no row")
        self.assert_fails_with({"README.md": README.replace("| nothing |", "| `engine` |")},
                               "cycle base -> engine -> base")

    def test_banned_header_in_a_folder_inside_a_layer_fails(self):
        self.assert_fails_with(
            {"src/engine/steps/step.cpp": '#include "engine/steps/step.hpp"\n#include "engine/core.hpp"\n'},
            'src/engine/steps/step.cpp:2: #include "engine/core.hpp": src/engine/steps/ may not include'
            " engine/core.hpp (README.md:16, Inside a layer)")

    def test_banned_header_by_a_relative_path_or_from_a_header_fails(self):
        self.assert_fails_with({"src/engine/steps/step.hpp": '#pragma once\n#include "../core.hpp"\n'},
                               'src/engine/steps/step.hpp:2: #include "../core.hpp": src/engine/steps/')

    def test_banned_header_reached_through_another_header_fails_naming_the_chain(self):
        self.assert_fails_with(
            {"src/engine/helper.hpp": '#pragma once\n#include "engine/core.hpp"\n',
             "src/engine/steps/step.cpp": '#include "engine/helper.hpp"\n'},
            'src/engine/steps/step.cpp:1: #include "engine/helper.hpp" reaches engine/core.hpp'
            " (engine/helper.hpp -> engine/core.hpp)")

    def test_ban_row_naming_a_missing_folder_or_header_fails(self):
        self.assert_fails_with({"README.md": README.replace("`src/engine/steps/`", "`src/engine/stpes/`")},
                               "README.md:16: row for src/engine/stpes/, which does not exist")
        self.assert_fails_with({"README.md": README.replace("`engine/core.hpp`", "`engine/kore.hpp`")},
                               "README.md:16: engine/kore.hpp: no such file under src/")

    def test_ban_table_without_its_columns_is_unreadable(self):
        rc, out = self.check({"README.md": README.replace("| may not include |", "| may include |")})
        self.assertEqual(rc, 2, out)
        self.assertIn("needs 'folder' and 'may not include' columns", out)

    def test_row_with_another_number_of_cells_than_its_header_is_unreadable(self):
        for broken, line in (("| `src/base/` | the bottom | nothing |", 7),
                             ("| `src/engine/steps/` | `engine/core.hpp` |", 16)):
            rc, out = self.check({"README.md": README.replace(broken, broken + " extra |")})
            self.assertEqual(rc, 2, out)
            self.assertIn(f"README.md:{line}: ", out)
            self.assertIn("cells, the header has", out)

    def test_unreadable_table_is_its_own_error(self):
        rc, out = self.check({"README.md": "# no layout here\n"})
        self.assertEqual(rc, 2, out)
        self.assertIn("no '## Layout' section", out)

    def test_the_projects_own_table_parses(self):
        layers = layering_check.parse_table(Path(__file__).resolve().parents[2] / "README.md")
        self.assertIn("common", layers)
        self.assertEqual(layers["common"].layers, [])
        self.assertIn("<openssl/*>", layers["crypto"].patterns)
        self.assertEqual(layering_check.table_problems(layers, "README.md"), [])

    def test_the_projects_own_ban_keeps_the_ikev1_engine_out_of_its_exchanges(self):
        bans = layering_check.parse_bans(Path(__file__).resolve().parents[2] / "README.md")
        self.assertIn(("ikev1/exchanges", "ikev1/engine.hpp"), [(b.folder, b.header) for b in bans])


if __name__ == "__main__":
    sys.exit(unittest.main())
