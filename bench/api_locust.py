"""The load bench/api.py puts on the API (a locustfile): people searching, narrowing by facets, paging and
opening cases. bench/api.py passes what to ask for (case ids, queries, filter values) in $CIVICATLAS_BENCH_PLAN."""

from __future__ import annotations

import json
import os
import random

from locust import HttpUser, between, task

PLAN = json.loads(open(os.environ["CIVICATLAS_BENCH_PLAN"], encoding="utf-8").read())


def _filter() -> dict[str, str]:
    """One filter a visitor might click: a country or a language, sometimes with a year range."""
    name = random.choice(["country", "language"])
    chosen = {name: random.choice(PLAN[name])}
    if random.random() < 0.3:
        chosen["year"] = "2020-2025"
    return chosen


class Visitor(HttpUser):
    wait_time = between(0.5, 2.0)

    @task(3)
    def search(self) -> None:
        self.client.get("/api/v1/cases", params={"q": random.choice(PLAN["queries"]), "limit": 20},
                        name="/api/v1/cases?q")

    @task(3)
    def facets(self) -> None:
        self.client.get("/api/v1/cases", params={**_filter(), "group_by": "country,language,year,general_issue",
                                                 "limit": 20}, name="/api/v1/cases?group_by")

    @task(2)
    def pages(self) -> None:
        first = self.client.get("/api/v1/cases", params={"limit": 20, "sort": "-updated"}, name="/api/v1/cases")
        cursor = first.json()["meta"]["next_cursor"] if first.ok else None
        if cursor:
            self.client.get("/api/v1/cases", params={"limit": 20, "sort": "-updated", "cursor": cursor},
                            name="/api/v1/cases?cursor")

    @task(4)
    def case(self) -> None:
        self.client.get(f"/api/v1/cases/{random.choice(PLAN['cases'])}", name="/api/v1/cases/{id}")

    @task(1)
    def overview(self) -> None:
        self.client.get("/api/v1/stats", name="/api/v1/stats")
