"""The SPARQL 1.1 Protocol, both ends: asking an endpoint (`geokg query --endpoint`) and the media types
an answer can come in, chosen by a request's Accept header (`geokg serve`).

A query sent to an endpoint passes graph/guard.py first, as one run here does, and goes as an
HTML form POST (``query=…``), which every SPARQL 1.1 server takes; geokg's prefixes are declared
in its text, since the server does not know them. The answer is read in whatever results format
the server picks among those asked for, and the whole exchange stops at the timeout.

>>> negotiate("text/csv;q=0.5, application/sparql-results+json", RESULTS_TYPES)
'application/sparql-results+json'
>>> negotiate("text/*", RESULTS_TYPES)
'text/csv'
>>> negotiate("image/png", RESULTS_TYPES) is None
True
"""
from __future__ import annotations

import time
import urllib.error
import urllib.parse
import urllib.request
from urllib.parse import urlsplit

import pyoxigraph as ox

from geokg.errors import Errors, GeokgError
from geokg.graph import guard
from geokg.graph.engine import DEFAULT_TIMEOUT, Answer, one_line
from geokg.graph.names import PREFIXES

#: SPARQL results formats (SELECT, ASK) by media type, the default first.
RESULTS_TYPES: tuple[str, ...] = tuple(f.media_type.split(";")[0] for f in (
    ox.QueryResultsFormat.JSON, ox.QueryResultsFormat.XML, ox.QueryResultsFormat.CSV, ox.QueryResultsFormat.TSV))

#: RDF formats (CONSTRUCT, DESCRIBE) by media type, the default first.
GRAPH_TYPES: tuple[str, ...] = tuple(f.media_type.split(";")[0] for f in (
    ox.RdfFormat.N_TRIPLES, ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML, ox.RdfFormat.N_QUADS))

#: What `ask` accepts: the results formats that keep every term whole (not CSV), then RDF for a CONSTRUCT.
ACCEPT = ", ".join([*(t for t in RESULTS_TYPES if t != "text/csv"), *(f"{t};q=0.9" for t in GRAPH_TYPES)])

CHUNK = 1 << 16


def negotiate(accept: str | None, offered: tuple[str, ...]) -> str | None:
    """The offered media type the Accept header prefers (the first offered if it asks for none), None if it takes none.

    Each offered type gets the quality of the most specific media range that covers it; ties go to
    the one offered first.
    """
    if not accept or not accept.strip():
        return offered[0]
    ranges = [_media_range(item) for item in accept.split(",")]

    def quality(media: str) -> float:
        covering = [(specific, q) for pattern, specific, q in ranges if _matches(pattern, media)]
        return max(covering)[1] if covering else 0.0

    best_quality, _, best = max((quality(media), -i, media) for i, media in enumerate(offered))
    return best if best_quality > 0 else None


def _media_range(item: str) -> tuple[str, int, float]:
    """One Accept entry as (media range, how specific it is: 0 for */*, 1 for text/*, 2 for text/csv, quality)."""
    media, *params = [part.strip().lower() for part in item.split(";")]
    quality = 1.0
    for param in params:
        name, _, value = param.partition("=")
        if name.strip() == "q":
            try:
                quality = float(value)
            except ValueError:
                quality = 0.0
    specific = 0 if media in ("*/*", "*") else 1 if media.endswith("/*") else 2
    return media, specific, quality


def _matches(pattern: str, media: str) -> bool:
    """Whether an Accept media range (``*/*``, ``text/*``, ``text/csv``) covers a media type."""
    if pattern in ("*/*", "*"):
        return True
    kind, _, sub = pattern.partition("/")
    return media == pattern or (sub == "*" and media.split("/")[0] == kind)


def ask(url: str, query: str, *, timeout: float = DEFAULT_TIMEOUT, allow_service: bool = False) -> Answer:
    """Send a query to a SPARQL endpoint (after graph/guard.py) and return its answer; GeokgError if it fails."""
    if timeout <= 0:
        raise GeokgError(Errors.E419, value=timeout)
    if urlsplit(url).scheme not in ("http", "https"):
        raise GeokgError(Errors.E421, url=url, reason="not an http:// or https:// URL")
    guard.check(query, allow_service, PREFIXES)
    body = urllib.parse.urlencode({"query": declared(query)}).encode("utf-8")
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": "application/x-www-form-urlencoded", "Accept": ACCEPT})
    opener = urllib.request.build_opener(_NoRedirect())
    deadline = time.monotonic() + timeout
    try:
        with opener.open(request, timeout=timeout) as response:
            media = response.headers.get_content_type()
            data = _read(response, deadline, timeout)
    except urllib.error.HTTPError as err:
        with err:
            text = err.read(2000).decode("utf-8", "replace") if err.fp is not None else ""
        line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
        raise GeokgError(Errors.E422, url=url, status=err.code, detail=f": {line[:200]}" if line else "") from None
    except TimeoutError:
        raise GeokgError(Errors.E417, seconds=timeout) from None
    except (urllib.error.URLError, OSError) as exc:
        reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
        if isinstance(reason, TimeoutError):
            raise GeokgError(Errors.E417, seconds=timeout) from None
        raise GeokgError(Errors.E421, url=url, reason=reason) from None
    return _answer(url, media, data)


def declared(query: str) -> str:
    """The query with a PREFIX line for each of geokg's prefixes it uses but does not declare.

    >>> declared("SELECT * WHERE { ?s a gkg:Statement }")
    'PREFIX gkg: <https://w3id.org/geokg/ontology#>\\nSELECT * WHERE { ?s a gkg:Statement }'
    """
    found = list(guard.tokens(query))
    own = {t.text.rstrip(":") for before, t in zip(found, found[1:])
           if before.kind == "word" and before.text.upper() == "PREFIX"}
    used = {t.text.partition(":")[0] for t in found if t.kind == "pname"}
    return "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in PREFIXES if p in used and p not in own) + query


def _read(response: object, deadline: float, timeout: float) -> bytes:
    """The body of a response, read in chunks until the deadline (a server that trickles is stopped too)."""
    parts: list[bytes] = []
    while True:
        if time.monotonic() > deadline:
            raise TimeoutError
        chunk = response.read(CHUNK)  # type: ignore[attr-defined]
        if not chunk:
            return b"".join(parts)
        parts.append(chunk)


def _answer(url: str, media: str, data: bytes) -> Answer:
    """An endpoint's response as an Answer, E423 if it is neither SPARQL results nor RDF."""
    if media in RESULTS_TYPES and media != "text/csv":
        try:
            answer = Answer("SELECT", data, media)
            return answer if _has_rows(answer) else Answer("ASK", data, media)
        except (SyntaxError, ValueError, KeyError) as exc:
            raise GeokgError(Errors.E423, url=url, found=f"unreadable {media} ({one_line(exc)})") from None
    if media in GRAPH_TYPES or media in ("application/n-triples", "text/plain"):
        return Answer("CONSTRUCT", data, "application/n-triples" if media == "text/plain" else media)
    raise GeokgError(Errors.E423, url=url, found=media or "no content type")


def _has_rows(answer: Answer) -> bool:
    """Whether SPARQL results are a SELECT's rows (else an ASK's boolean); ValueError if they are neither."""
    try:
        answer.solutions()
        return True
    except ValueError:
        answer.boolean()
        return False


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer, not a detour: the query goes only where the user sent it."""

    def redirect_request(self, req: urllib.request.Request, fp: object, code: int, msg: str,
                         headers: object, newurl: str) -> None:
        """Never follow: the 3xx becomes an HTTPError naming its status."""
        return None
