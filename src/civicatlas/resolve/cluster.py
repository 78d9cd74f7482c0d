"""Links → clusters. Human decisions come first and always win: a human merge joins two clusters whatever
the algorithm thinks, a human split forbids any automatic link that would put the two items together
again. Automatic links are applied strongest first and refused when they would put two items of one
document, or items naming different cities, or two items in conflict (other amounts, sister pages of one
template), into one cluster (chaining is how near-duplicate clustering loses precision)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from civicatlas.resolve.links import Link
from civicatlas.resolve.profile import Profile
from civicatlas.resolve.semantic import conflict

# Pairs checked for conflicts when two clusters would join; beyond this (huge clusters, which duplicates
# seldom make) only documents and cities are checked, so one union never costs more than this.
CONFLICT_CHECKS = 2500


@dataclass
class Constraints:
    """Human decisions as item pairs: must-links (merges) and cannot-links (splits)."""

    must: list[tuple[str, str]] = field(default_factory=list)
    cannot: set[frozenset[str]] = field(default_factory=set)

    def forbids(self, a: Iterable[str], b: Iterable[str]) -> bool:
        if not self.cannot:
            return False
        b = list(b)
        return any(frozenset((x, y)) in self.cannot for x in a for y in b)


@dataclass
class Cluster:
    members: list[str]
    documents: set[str]
    cities: set[int]


class Clustering:
    def __init__(self, profiles: Sequence[Profile], constraints: Constraints | None = None):
        self.constraints = constraints or Constraints()
        self.profiles = {p.id: p for p in profiles}
        self.parent = {p.id: p.id for p in profiles}
        self.clusters = {p.id: Cluster([p.id], {p.document}, set(p.cities)) for p in profiles}
        self.accepted: list[Link] = []

    def find(self, x: str) -> str:
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:  # path compression
            self.parent[x], x = root, self.parent[x]
        return root

    def allowed(self, ra: str, rb: str) -> bool:
        a, b = self.clusters[ra], self.clusters[rb]
        if a.documents & b.documents:
            return False
        if a.cities and b.cities and not a.cities & b.cities:
            return False
        if self.constraints.forbids(a.members, b.members):
            return False
        if len(a.members) * len(b.members) > CONFLICT_CHECKS:
            return True
        ps = [self.profiles[m] for m in a.members]
        return not any(conflict(x, self.profiles[m]) for m in b.members for x in ps)

    def union(self, link: Link, force: bool = False) -> bool:
        if link.a not in self.parent or link.b not in self.parent:
            return False
        ra, rb = self.find(link.a), self.find(link.b)
        if ra == rb or not (force or self.allowed(ra, rb)):
            return False
        if len(self.clusters[ra].members) < len(self.clusters[rb].members):
            ra, rb = rb, ra
        big, small = self.clusters[ra], self.clusters.pop(rb)
        big.members += small.members
        big.documents |= small.documents
        big.cities |= small.cities
        self.parent[rb] = ra
        self.accepted.append(link)
        return True

    def groups(self) -> list[list[str]]:
        return [c.members for c in self.clusters.values()]

    def reasons(self, order: dict[str, int]) -> dict[str, Link]:
        """Why each item is in its cluster: the earliest item founds it ("new"); every other item keeps the
        strongest accepted link that touches it (the spanning links of the cluster touch every member)."""
        best: dict[str, Link] = {}
        for link in self.accepted:
            for item, other in ((link.a, link.b), (link.b, link.a)):
                current = best.get(item)
                if current is None or link.sort_key() < current.sort_key():
                    best[item] = Link(item, other, link.reason, link.score, link.evidence)
        out: dict[str, Link] = {}
        for members in self.groups():
            founder = min(members, key=lambda m: order.get(m, 0))
            for m in members:
                out[m] = Link(m, m, "new", 1.0) if m == founder or m not in best else best[m]
        return out


def cluster(profiles: Sequence[Profile], links: Sequence[Link], constraints: Constraints | None = None) -> Clustering:
    clustering = Clustering(profiles, constraints)
    for a, b in clustering.constraints.must:
        clustering.union(Link(a, b, "human", 1.0), force=True)
    for link in links:
        clustering.union(link)
    return clustering
