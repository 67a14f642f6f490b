"""Optimal one-to-one matching on a sparse, weighted bipartite graph.

The aligner scores only plausible pairs (most old sections resemble a handful of
new ones at most), so the graph falls apart into small connected components.
Each component is solved exactly with the Hungarian algorithm (Kuhn-Munkres,
O(n^3) in the component's size), which maximises the total weight: a global
assignment, never first-come-first-served.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

Edge = tuple[int, int]


def max_weight_matching(weights: Mapping[Edge, float]) -> list[Edge]:
    """The pairs (left, right) of a one-to-one matching with the largest total weight.

    Only edges with positive weight can be chosen. Ties are broken towards
    smaller indices, so the result is deterministic.
    """
    edges = {edge: weight for edge, weight in weights.items() if weight > 0}
    chosen: list[Edge] = []
    for lefts, rights in _components(edges):
        chosen.extend(_solve(lefts, rights, edges))
    return sorted(chosen)


def _components(edges: Mapping[Edge, float]) -> list[tuple[list[int], list[int]]]:
    """Connected components as (left nodes, right nodes), in a stable order."""
    neighbours: dict[tuple[str, int], list[tuple[str, int]]] = defaultdict(list)
    for left, right in edges:
        neighbours[("L", left)].append(("R", right))
        neighbours[("R", right)].append(("L", left))
    seen: set[tuple[str, int]] = set()
    components: list[tuple[list[int], list[int]]] = []
    for start in sorted(neighbours):
        if start in seen:
            continue
        stack, lefts, rights = [start], [], []
        seen.add(start)
        while stack:
            node = stack.pop()
            (lefts if node[0] == "L" else rights).append(node[1])
            for other in neighbours[node]:
                if other not in seen:
                    seen.add(other)
                    stack.append(other)
        components.append((sorted(lefts), sorted(rights)))
    return components


def _solve(lefts: list[int], rights: list[int], edges: Mapping[Edge, float]) -> list[Edge]:
    if len(lefts) == 1 and len(rights) == 1:
        return [(lefts[0], rights[0])]
    size = max(len(lefts), len(rights))
    # Minimise cost = -weight; a missing edge costs 0, the same as leaving both ends unmatched.
    # A tiny index-based bias makes ties resolve the same way every time.
    cost = [[0.0] * size for _ in range(size)]
    for row, left in enumerate(lefts):
        for column, right in enumerate(rights):
            weight = edges.get((left, right))
            if weight is not None:
                cost[row][column] = -weight - 1e-9 * (size * size - row * size - column) / (size * size)
    assignment = hungarian(cost)
    return [
        (lefts[row], rights[column])
        for row, column in enumerate(assignment)
        if row < len(lefts) and column < len(rights) and (lefts[row], rights[column]) in edges
    ]


def hungarian(cost: list[list[float]]) -> list[int]:
    """For a square cost matrix, the column assigned to each row in a minimum-cost assignment."""
    n = len(cost)
    infinity = float("inf")
    u = [0.0] * (n + 1)
    v = [0.0] * (n + 1)
    match_of_column = [0] * (n + 1)  # 1-based row matched to each column; 0 = free
    way = [0] * (n + 1)
    for row in range(1, n + 1):
        match_of_column[0] = row
        column0 = 0
        minimum = [infinity] * (n + 1)
        used = [False] * (n + 1)
        while True:
            used[column0] = True
            row0 = match_of_column[column0]
            delta = infinity
            column1 = 0
            costs = cost[row0 - 1]
            for column in range(1, n + 1):
                if not used[column]:
                    current = costs[column - 1] - u[row0] - v[column]
                    if current < minimum[column]:
                        minimum[column] = current
                        way[column] = column0
                    if minimum[column] < delta:
                        delta = minimum[column]
                        column1 = column
            for column in range(n + 1):
                if used[column]:
                    u[match_of_column[column]] += delta
                    v[column] -= delta
                else:
                    minimum[column] -= delta
            column0 = column1
            if match_of_column[column0] == 0:
                break
        while True:
            column1 = way[column0]
            match_of_column[column0] = match_of_column[column1]
            column0 = column1
            if column0 == 0:
                break
    assignment = [0] * n
    for column in range(1, n + 1):
        if match_of_column[column]:
            assignment[match_of_column[column] - 1] = column - 1
    return assignment
