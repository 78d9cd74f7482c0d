"""A polite, safe HTTP fetcher (httpx): robots.txt, per-host delay and concurrency, retries that honour
Retry-After, conditional GET, bounded redirects, size and total-time limits, and only public addresses
(guard.py) unless the operator allows private ones. Every failure is one InputError naming the URL."""

from __future__ import annotations

import email.utils
import threading
import time
from collections.abc import Callable, Collection, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from civicatlas.errors import InputError
from civicatlas.read.guard import resolve

RETRY_STATUS = {429, 500, 502, 503, 504}
# Content types that are never a page, feed or sitemap: refused before their body is read
_NOT_TEXT = ("image/", "audio/", "video/", "font/", "application/pdf", "application/zip", "application/msword",
             "application/vnd.", "application/x-shockwave")


@dataclass
class Response:
    url: str  # after redirects
    status: int  # 200, or 304 when a conditional request found the page unchanged
    body: bytes
    content_type: str  # without parameters, lower case ("text/html")
    charset: str | None
    etag: str | None
    last_modified: str | None
    fetched_at: str  # ISO 8601, UTC
    location: str | None = None  # where a redirect points
    retry_after: float | None = None  # seconds a 429 or 503 asks to wait

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass
class Fetcher:
    """One fetcher per run: it keeps robots.txt rules, connections and each host's last request time."""

    allow_private: bool | Collection[str] = False  # True, or the private networks allowed ("10.0.0.0/8")
    delay: float = 1.0  # seconds between two requests to one host (robots.txt's Crawl-delay may ask for more)
    per_host: int = 2  # requests in flight to one host at once
    workers: int = 8  # requests in flight in all
    retries: int = 3
    backoff: float = 1.0  # first wait before a retry, doubled each time
    max_retry_after: float = 120.0  # a server asking to wait longer than this is an error for this run
    max_bytes: int = 20_000_000
    timeout: float = 60.0  # whole response, connection to last byte: a slow trickle is cut off
    connect_timeout: float = 10.0
    max_redirects: int = 5
    robots: bool = True
    contact: str | None = None  # a URL or e-mail address for site owners, sent in the User-Agent
    # (ETag, Last-Modified) known for a URL, for conditional requests: `watch` reads them from the store
    validators: Callable[[str], tuple[str | None, str | None] | None] | None = None
    _http: httpx.Client | None = field(default=None, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    _hosts: dict[str, _Host] = field(default_factory=dict, init=False, repr=False)

    @property
    def _client(self) -> httpx.Client:
        with self._lock:  # made on first request: a run without URLs opens nothing
            if self._http is None:
                self._http = httpx.Client(follow_redirects=False, trust_env=False,
                                          limits=httpx.Limits(max_connections=max(self.workers, 1) * 2))
            return self._http

    @property
    def user_agent(self) -> str:
        from civicatlas import __version__

        return f"CivicAtlas/{__version__} (+{self.contact or 'https://pypi.org/project/civicatlas/'})"

    def close(self) -> None:
        if self._http is not None:
            self._http.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Response:
        """The response for a URL (following redirects), or InputError. 304 comes back as not_modified."""
        host = self._host(url)
        if self.robots and not host.allowed(self, url):
            raise InputError(url, "disallowed by robots.txt")
        if etag is None and last_modified is None and self.validators and (known := self.validators(url)):
            etag, last_modified = known
        headers = {"If-None-Match": etag} if etag else {}
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._with_retries(url, headers, host)

    def get_many(self, urls: Iterable[str]) -> Iterator[Response | InputError]:
        """Fetch URLs concurrently (bounded per host and in all); results in the order of `urls`."""
        with ThreadPoolExecutor(max_workers=max(self.workers, 1)) as pool:
            window: list = []
            for url in urls:
                window.append(pool.submit(self._catching, url))
                if len(window) >= self.workers * 4:  # a bounded queue: a million-URL sitemap stays small in memory
                    yield window.pop(0).result()
            for future in window:
                yield future.result()

    def _catching(self, url: str) -> Response | InputError:
        try:
            return self.get(url)
        except InputError as e:
            return e

    def _host(self, url: str) -> _Host:
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc.lower()}"
        with self._lock:
            if key not in self._hosts:
                self._hosts[key] = _Host(key, threading.Semaphore(max(self.per_host, 1)))
            return self._hosts[key]

    def _with_retries(self, url: str, headers: dict[str, str], host: _Host) -> Response:
        wait = self.backoff
        for attempt in range(self.retries + 1):
            last = attempt == self.retries
            try:
                with host.slot(self.delay):
                    response = self._follow(url, headers)
            except httpx.TransportError as e:  # refused, reset, timed out: worth another try
                if last:
                    raise InputError(url, f"cannot fetch: {_describe(e)}") from None
                time.sleep(wait)
                wait *= 2
                continue
            if response.status not in RETRY_STATUS:
                return response
            retry_after = response.retry_after
            if last or (retry_after is not None and retry_after > self.max_retry_after):
                raise InputError(url, f"HTTP {response.status}" + (
                    f" (asked to retry after {retry_after:.0f} s)" if retry_after else ""))
            time.sleep(retry_after if retry_after is not None else wait)
            wait *= 2
        raise AssertionError("unreachable")

    def _follow(self, url: str, headers: dict[str, str]) -> Response:
        seen = [url]
        for _ in range(self.max_redirects + 1):
            response = self._once(url, headers)
            if response.status not in (301, 302, 303, 307, 308):
                if response.status >= 400 and response.status not in RETRY_STATUS:
                    raise InputError(url, f"HTTP {response.status}")
                return response
            location = response.location
            if not location:
                raise InputError(url, f"HTTP {response.status} without a Location")
            url = urljoin(url, location)
            if url in seen:
                raise InputError(seen[0], f"redirect loop at {url}")
            seen.append(url)
        raise InputError(seen[0], f"more than {self.max_redirects} redirects")

    def _once(self, url: str, headers: dict[str, str]) -> Response:
        """One request to the checked address of the URL's host, read within the size and time limits."""
        host, port, address = resolve(url, self.allow_private)
        parts = urlsplit(url)
        ip = f"[{address}]" if address.version == 6 else str(address)
        pinned = urlunsplit((parts.scheme, f"{ip}:{port}", parts.path or "/", parts.query, ""))
        default_port = port == (443 if parts.scheme == "https" else 80)
        request = self._client.build_request(
            "GET", pinned,
            headers={"Host": host if default_port else f"{host}:{port}", "User-Agent": self.user_agent,
                     "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5",
                     **headers},
            extensions={"sni_hostname": host,  # TLS is checked against the name, not the address we pinned
                        "timeout": {"connect": self.connect_timeout, "read": self.timeout, "write": self.timeout,
                                    "pool": self.timeout}})
        start = time.monotonic()
        response = self._client.send(request, stream=True)
        try:
            ctype, _, params = response.headers.get("content-type", "").partition(";")
            ctype = ctype.strip().lower()
            charset = next((p.split("=", 1)[1].strip(" \"'") for p in params.split(";")
                            if p.strip().lower().startswith("charset=")), None)
            if response.status_code in (301, 302, 303, 307, 308) or response.status_code in RETRY_STATUS:
                return Response(url, response.status_code, b"", ctype, charset, None, None, _now(),
                                location=response.headers.get("location"),
                                retry_after=parse_retry_after(response.headers.get("retry-after")))
            if response.status_code == 200 and ctype.startswith(_NOT_TEXT):
                raise InputError(url, f"not a page: Content-Type {ctype}")
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > self.max_bytes:
                raise InputError(url, f"response too large: {int(declared) / 1e6:.1f} MB declared, "
                                      f"limit {self.max_bytes / 1e6:.0f} MB")
            body = bytearray()
            for chunk in response.iter_bytes():  # decompressed: a gzip bomb counts at its real size
                body += chunk
                if len(body) > self.max_bytes:
                    raise InputError(url, f"response too large: over the {self.max_bytes / 1e6:.0f} MB limit")
                if time.monotonic() - start > self.timeout:
                    raise InputError(url, f"too slow: not complete after {self.timeout:.0f} s")
            return Response(url, response.status_code, bytes(body), ctype, charset, response.headers.get("etag"),
                            response.headers.get("last-modified"), _now())
        finally:
            response.close()


@dataclass
class _Host:
    """Per host: the robots.txt rules, a bound on requests in flight, and when the last request started."""

    key: str
    slots: threading.Semaphore
    rules: object = None
    crawl_delay: float = 0.0
    last: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)  # guards `last`
    robots_lock: threading.Lock = field(default_factory=threading.Lock)  # one robots.txt request per host
    serial: threading.Lock = field(default_factory=threading.Lock)  # one request at a time when polite

    def slot(self, delay: float) -> _Slot:
        return _Slot(self, max(delay, self.crawl_delay))

    def allowed(self, fetcher: Fetcher, url: str) -> bool:
        with self.robots_lock:
            if self.rules is None:
                self.rules = self._load(fetcher)
        if callable(self.rules):
            return self.rules(url)
        return bool(self.rules)

    def _load(self, fetcher: Fetcher) -> Callable[[str], bool] | bool:
        """robots.txt as RFC 9309 reads it: missing (4xx) allows everything; unreachable (5xx) forbids
        everything for this run."""
        from protego import Protego

        try:
            with self.slot(fetcher.delay):
                response = fetcher._follow(f"{self.key}/robots.txt", {})
        except InputError as e:
            if not e.reason.startswith("HTTP "):
                raise  # refused or unresolvable: the page's own request says so
            return e.reason.startswith("HTTP 4") and not e.reason.startswith("HTTP 429")
        except httpx.TransportError as e:  # the host cannot be reached: nor can its pages, say that
            raise InputError(self.key, f"cannot fetch: {_describe(e)}") from None
        if response.status in RETRY_STATUS:
            return False
        rules = Protego.parse(response.body.decode("utf-8", errors="replace"))
        agent = "CivicAtlas"
        self.crawl_delay = float(rules.crawl_delay(agent) or 0.0)
        return lambda url: rules.can_fetch(url, agent)


class _Slot:
    """Holds one of the host's request slots. With a delay, each request starts that long after the previous one
    to the host started and ended (so a polite fetcher has one request in flight a host); without, `per_host`
    requests run at once."""

    def __init__(self, host: _Host, delay: float):
        self.host, self.delay = host, delay

    def __enter__(self) -> None:
        self.host.slots.acquire()
        if self.delay:
            self.host.serial.acquire()
        with self.host.lock:
            start = max(time.monotonic(), self.host.last + self.delay)
            self.host.last = start
        time.sleep(max(0.0, start - time.monotonic()))

    def __exit__(self, *exc: object) -> None:
        if self.delay:
            with self.host.lock:
                self.host.last = max(self.host.last, time.monotonic())
            self.host.serial.release()
        self.host.slots.release()


def _describe(e: httpx.TransportError) -> str:
    if isinstance(e, httpx.TimeoutException):
        return "timed out"
    return str(e) or type(e).__name__


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(when.tzinfo or UTC)).total_seconds())
