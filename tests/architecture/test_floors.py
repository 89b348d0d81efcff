"""The floor plan (ARCHITECTURE.md) holds: imports point down, rules live in one place, no cycles.

`lint-imports` (in make test) checks the layers contract of .importlinter; these tests check what a layers
contract cannot: no import cycle between project modules, project imports inside functions only where Django's
app loading demands it (and then with a reason), and the privacy layer as the only place that filters by
membership or role.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ["portal", "operations", "search", "study", "topics", "library", "organizations", "vntext", "inputs", "importkit"]

def _python_files(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def _cycles(graph) -> list[set[str]]:
    """Strongly connected groups of modules (Tarjan), each one an import cycle."""
    index, low, stack, on_stack, found, counter = {}, {}, [], set(), [], [0]

    def visit(module):
        index[module] = low[module] = counter[0]
        counter[0] += 1
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == module:
                    break
            if len(group) > 1:
                found.append(group)

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return found


def test_no_import_cycle_between_project_modules():
    graph = grimp.build_graph(*APPS, include_external_packages=False)
    cycles = _cycles(graph)
    assert not cycles, f"import cycles: {cycles}"


def test_project_imports_inside_functions_say_why():
    """Only Django's app loading may need a project import inside a function (AppConfig.ready, a module loaded
    from settings before the models); each such line carries a comment saying so."""
    silent = []
    for app in APPS:
        for path in _python_files(app):
            source = path.read_text()
            lines = source.splitlines()
            for node in ast.walk(ast.parse(source)):
                if isinstance(node, (ast.Import, ast.ImportFrom)) and node.col_offset > 0:
                    names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
                    if any(name.split(".")[0] in APPS for name in names) and "#" not in lines[node.lineno - 1]:
                        silent.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not silent, "project imports inside functions without a reason: " + ", ".join(silent)


MEMBERSHIP_RULE = re.compile(r"\bMembership\b|memberships__|\.memberships\b|role__in|\brole=|\bRole\.(MEMBER|SECRETARY|STAFF)")


def test_only_the_organizations_floor_filters_by_membership_or_role():
    """Visibility and edit scope are decided by organizations/access.py; other apps ask a Viewer (or a roster
    helper of organizations/models.py) and never write their own membership or role filter."""
    found = []
    for app in APPS:
        if app == "organizations":
            continue
        for path in _python_files(app):
            for number, line in enumerate(path.read_text().splitlines(), 1):
                code = line.split("#", 1)[0]
                if MEMBERSHIP_RULE.search(code) and 'role="img"' not in code:
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found, "membership/role rules outside the privacy layer:\n" + "\n".join(found)


@pytest.mark.parametrize("package", ["vntext", "importkit"])
def test_the_bottom_floor_imports_no_django(package):
    """Vietnamese text and the import report are plain Python: no Django, no other app of the project."""
    for path in _python_files(package):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert node.module.split(".")[0] not in {"django", "wagtail", *APPS} - {package}, path
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    assert alias.name.split(".")[0] not in {"django", "wagtail"}, path
