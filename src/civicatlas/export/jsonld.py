"""JSON-LD with schema.org: a Dataset whose `hasPart` are the cases as `Project`s.

A Project has its places (`location`: Place with GeoCoordinates and the GeoNames `sameAs`), its actors
(`funder`, and `member` as an OrganizationRole naming the role; GovernmentOrganization for public bodies),
its money (`funding`: MonetaryGrant with a MonetaryAmount), its dated steps (`event`: Event), its themes
(`keywords`: DefinedTerm in a Participedia vocabulary) and its sources (`subjectOf`). The context is inline
(`@vocab` schema.org), so expanding the file needs no network. The export's metadata is the Dataset's
`metadata` member, a JSON literal, written last when the count is known."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from civicatlas.export.flat import curated, themes
from civicatlas.themes import VOCABULARIES

CONTEXT = {
    "@vocab": "https://schema.org/",
    "sameAs": {"@type": "@id"},
    "url": {"@type": "@id"},
    "inDefinedTermSet": {"@type": "@id"},
    "metadata": {"@id": "urn:civicatlas:export-metadata", "@type": "@json"},
}
PUBLIC_BODIES = {"municipality", "region", "government"}


def _place(p: dict[str, Any]) -> dict[str, Any]:
    node: dict[str, Any] = {"@type": "Place", "name": p.get("name")}
    if p.get("geonameid"):
        node["sameAs"] = f"https://sws.geonames.org/{p['geonameid']}/"
    if p.get("lat") is not None and p.get("lon") is not None:
        node["geo"] = {"@type": "GeoCoordinates", "latitude": p["lat"], "longitude": p["lon"]}
    if p.get("country"):
        node["address"] = {"@type": "PostalAddress", "addressCountry": p["country"]}
    return node


def _organisation(a: dict[str, Any]) -> dict[str, Any]:
    kind = "Person" if a.get("kind") == "person" else \
        "GovernmentOrganization" if a.get("kind") in PUBLIC_BODIES else "Organization"
    node = {"@type": kind, "name": a.get("name")}
    if a.get("abbreviation"):
        node["alternateName"] = a["abbreviation"]
    return node


def project(case: dict[str, Any]) -> dict[str, Any]:
    m = case["mentions"]
    node: dict[str, Any] = {
        "@type": "Project", "@id": f"urn:civicatlas:case:{case['id']}", "identifier": case["id"],
        "name": case["title"], "description": case["summary"], "inLanguage": case["languages"],
        "dateCreated": case["created_at"], "dateModified": case["updated_at"],
        "location": [_place(p) for p in m["places"]],
    }
    actors = m["actors"]
    funders = [_organisation(a) for a in actors if a.get("role") == "funder"]
    if funders:
        node["funder"] = funders
    members = [{"@type": "OrganizationRole", "roleName": a["role"], "member": _organisation(a)}
               for a in actors if a.get("role") not in (None, "funder")]
    members += [{"@type": "OrganizationRole", "member": _organisation(a)} for a in actors if a.get("role") is None]
    if members:
        node["member"] = members
    grants = []
    for a in m["amounts"]:
        amount: dict[str, Any] = {"@type": "MonetaryAmount", "currency": a.get("currency")}
        if a.get("qualifier") == "range" and a.get("value_max") is not None:
            amount.update(minValue=a.get("value"), maxValue=a["value_max"])
        else:
            amount["value"] = a.get("value")
        grant: dict[str, Any] = {"@type": "MonetaryGrant", "amount": amount}
        if funders:
            grant["funder"] = funders
        grants.append(grant)
    if grants:
        node["funding"] = grants
    events = [{"@type": "Event", "name": case["title"], "startDate": d["value"]} for d in m["dates"] if d.get("value")]
    if events:
        node["event"] = events
    terms = [{"@type": "DefinedTerm", "termCode": key, "inDefinedTermSet": f"urn:participedia:{vocab}"}
             for vocab in VOCABULARIES for key in themes(case, vocab)]
    if terms:
        node["keywords"] = terms
    node["subjectOf"] = [{"@type": "CreativeWork", "url": s["uri"], "name": s.get("title")} for s in case["sources"]
                         if s.get("uri")]
    given = curated(case)
    if given.get("url"):
        node["sameAs"] = given["url"]
    return node


def write(cases: Iterable[dict[str, Any]], out: TextIO, meta: dict[str, Any]) -> int:
    head = {"@context": CONTEXT, "@type": "Dataset", "name": "CivicAtlas cases", "dateCreated": meta["exported_at"]}
    out.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "hasPart": [\n')
    n = 0
    for case in cases:
        out.write((",\n" if n else "") + json.dumps(project(case), ensure_ascii=False))
        n += 1
    meta["records"] = n
    out.write('\n], "metadata": ' + json.dumps(meta, ensure_ascii=False) + "}\n")
    return n
