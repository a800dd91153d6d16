"""No module of the package imports itself back, however far round: the graph has no cycles.

The graph is the one import-linter reads (grimp), with the imports made only for
type checkers left out, as they never run.
"""

from __future__ import annotations

import grimp

PACKAGE = "recovery_diary"


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan, iteratively)."""
    modules = sorted(graph.modules)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    counter = 0
    for root in modules:
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next((c for c in children if c.startswith(PACKAGE)), None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append(
                        (child, iter(sorted(graph.find_modules_directly_imported_by(child))))
                    )
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))
    return groups


def test_the_package_has_no_import_cycles():
    graph = grimp.build_graph(PACKAGE, exclude_type_checking_imports=True)
    assert len(graph.modules) > 40
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle():
    graph = grimp.ImportGraph()
    for name in ("recovery_diary", "recovery_diary.a", "recovery_diary.b", "recovery_diary.c"):
        graph.add_module(name)
    graph.add_import(importer="recovery_diary.a", imported="recovery_diary.b")
    graph.add_import(importer="recovery_diary.b", imported="recovery_diary.c")
    graph.add_import(importer="recovery_diary.c", imported="recovery_diary.a")
    assert _cycles(graph) == [["recovery_diary.a", "recovery_diary.b", "recovery_diary.c"]]
