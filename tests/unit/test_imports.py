"""The house rules of analytics/ (README, "Layout"), checked on the source:

- nothing in analytics/ imports streamlit, directly or through another module;
- a room imports only from the rooms below it: (root) < data < metrics < access < present, admin;
  present and admin sit side by side and do not import each other; cli sits on top;
- the import graph of analytics/ modules (imports inside functions included) has no cycle.
"""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PKG = ROOT / "analytics"

# Rank of each room; a module may import modules of a lower rank, or of its own room.
RANKS = {"": 0, "config": 0, "data": 1, "metrics": 2, "access": 3, "present": 4, "admin": 4,
         "cli": 5, "__main__": 6}


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def room(module: str) -> str:
    """'analytics.metrics.indicators' -> 'metrics'; 'analytics.config' -> 'config';
    'analytics' -> ''."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def imports_of(path: Path) -> set[str]:
    """Every module this file imports (absolute names), wherever the import statement is."""
    mod = module_name(path)
    package = mod if path.name == "__init__.py" else mod.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.add(target)
            for a in node.names:  # `from analytics.metrics import indicators` imports a module
                found.add(f"{target}.{a.name}")
    return found


def graph() -> dict[str, set[str]]:
    files = sorted(PKG.rglob("*.py"))
    modules = {module_name(f): f for f in files}
    return {m: {i for i in imports_of(f) if i in modules and i != m} for m, f in modules.items()}


def violations(g: dict[str, set[str]]) -> list[str]:
    out = []
    for mod, targets in g.items():
        src_room = room(mod)
        for t in targets:
            dst_room = room(t)
            if dst_room == src_room or t == "analytics":
                continue
            if RANKS[dst_room] > RANKS[src_room] or (RANKS[dst_room] == RANKS[src_room]):
                out.append(f"{mod} imports {t} ({src_room or 'root'} -> {dst_room})")
    return sorted(out)


def cycles(g: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in g[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(g):
        if v not in index:
            visit(v)
    return out


def test_every_module_belongs_to_a_known_room():
    assert {room(m) for m in graph()} <= set(RANKS)


def test_no_streamlit_in_the_source():
    offenders = [module_name(f) for f in PKG.rglob("*.py")
                 if any(i == "streamlit" or i.startswith("streamlit.") for i in imports_of(f))]
    assert offenders == []


def test_importing_all_of_analytics_loads_no_streamlit():
    modules = sorted(m for m in graph() if m != "analytics.__main__")  # __main__ runs the CLI
    code = ("import importlib, sys\n"
            f"for m in {modules!r}:\n    importlib.import_module(m)\n"
            "print('streamlit' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_rooms_import_only_downwards():
    assert violations(graph()) == []


def test_no_import_cycle():
    assert cycles(graph()) == []


# The checks themselves must be able to fail.
def test_the_checks_catch_an_upward_import_and_a_cycle():
    g = {"analytics.data.db": {"analytics.metrics.catalogue"}, "analytics.metrics.catalogue": {"analytics.data.db"},
         "analytics.present.figures": {"analytics.admin.versions"}, "analytics.admin.versions": set()}
    assert violations(g) == [
        "analytics.data.db imports analytics.metrics.catalogue (data -> metrics)",
        "analytics.present.figures imports analytics.admin.versions (present -> admin)",
    ]
    assert cycles(g) == [["analytics.data.db", "analytics.metrics.catalogue"]]
