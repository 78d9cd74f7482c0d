"""The shapes the API answers with (Pydantic), so that the OpenAPI schema says exactly what comes back."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class FacetValue(BaseModel):
    value: str | int = Field(description="the value (years are numbers)")
    count: int = Field(description="cases with this value")
    label: str | None = Field(None, description="a place's name")


class CaseSummary(BaseModel):
    id: str
    title: str
    summary: str | None = None
    languages: list[str]
    countries: list[str]
    years: list[int]
    sources: int = Field(description="documents the case was found in")
    created_at: str | None = None
    updated_at: str | None = None
    url: str = Field(description="the case in this API")
    snippet: str | None = Field(None, description="search only: the words that matched, [marked]")
    score: float | None = Field(None, description="search and similar only: how well it matched")
    matched: list[str] | None = Field(None, description="search only: matched by words, meaning or both")


class ListMeta(BaseModel):
    count: int = Field(description="cases matching the filters (for a search: the hits returned)")
    limit: int
    sort: str | None = None
    next_cursor: str | None = Field(None, description="pass as `cursor` for the next page; null on the last")
    filters: dict[str, Any] = Field(description="the filters applied, as understood")


class CaseList(BaseModel):
    meta: ListMeta
    results: list[CaseSummary]
    group_by: dict[str, list[FacetValue]] | None = Field(None, description="facet counts for the same filters")


class Evidence(BaseModel):
    item: str
    field: str
    start: int | None = None
    end: int | None = None
    text: str | None = None
    extractor: str | None = None
    confidence: float | None = None


class Mention(BaseModel):
    """A place, amount, count, date or actor, merged across the case's items, with every span that says it."""

    model_config = ConfigDict(extra="allow")
    evidence: list[Evidence]


class Mentions(BaseModel):
    places: list[Mention]
    amounts: list[Mention]
    counts: list[Mention]
    dates: list[Mention]
    actors: list[Mention]
    countries: list[str]
    years: list[int]


class Source(BaseModel):
    document: str
    uri: str
    title: str | None = None


class Heading(BaseModel):
    title: str
    summary: str
    item: str | None = None


class Case(BaseModel):
    id: str
    title: str
    summary: str | None = None
    initiative: bool
    languages: list[str]
    titles: dict[str, Heading] = Field(description="the best title and summary in each language")
    created_at: str
    updated_at: str
    items: list[dict[str, Any]] = Field(description="each source's item: its text and all it mentions")
    sources: list[Source]
    mentions: Mentions
    history: list[dict[str, Any]] = Field(description="how items joined or left the case, oldest first")


class Similar(BaseModel):
    similar: list[CaseSummary] = Field(description="nearest by meaning, its own sources left out")
    same_kind_elsewhere: list[CaseSummary] = Field(description="the same method type in other countries")


class Counted(BaseModel):
    value: str
    label: str | None = None
    count: int


class CountList(BaseModel):
    meta: ListMeta
    results: list[Counted]


class Stats(BaseModel):
    cases: int
    filters: dict[str, Any]
    by_year: list[FacetValue]
    by_country: list[FacetValue]
    by_theme: list[FacetValue] = Field(description="Participedia general issues")
    by_method: list[FacetValue] = Field(description="Participedia method types")
    by_language: list[FacetValue]
