"""A safe HTTP fetcher for pages and feeds (on ``httpx``).

:func:`fetch` GETs one URL under a :class:`FetchPolicy`:

* only ``http`` and ``https``;
* the host is resolved here and every address is checked: private, loopback,
  link-local, multicast, reserved, unspecified and other non-global addresses
  (IPv4 and IPv6, including IPv4-mapped, 6to4 and Teredo forms) are refused
  unless ``allow_private`` (or the address is in ``allow_networks``). The
  connection then goes to the checked address itself (the ``Host`` header and
  TLS server name keep the original host name), so a second DNS answer cannot
  slip a private address in;
* redirects are followed here, one hop at a time, each hop checked like the
  first, at most ``max_redirects`` of them; a loop is an error;
* the body is streamed and reading stops at ``max_bytes``; ``timeout`` bounds
  each network operation and the whole fetch;
* conditional GET: ``etag``/``last_modified`` become ``If-None-Match`` /
  ``If-Modified-Since``; a 304 answer is ``not_modified`` with no content;
* proxy settings from the environment are ignored (they would bypass the checks).

Errors are :class:`rasd.errors.FetchError` with these codes:

========  ================================================================
RASD501   refused: not an http(s) URL, no host, or a refused address
RASD502   timed out
RASD503   HTTP error status (4xx/5xx); the message and ``.status`` carry it
RASD504   body larger than ``max_bytes``
RASD505   too many redirects, a redirect loop, or a redirect without Location
RASD506   not a feed: an HTML page where RSS/Atom XML was expected (feeds)
RASD507   connection failed (DNS, refused, reset, TLS)
RASD508   the feed could not be parsed (feeds)
========  ================================================================
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urljoin

import httpx

from rasd import __version__
from rasd.errors import FetchError

REFUSED = "RASD501"
TIMEOUT = "RASD502"
HTTP_STATUS = "RASD503"
TOO_LARGE = "RASD504"
REDIRECTS = "RASD505"
NOT_A_FEED = "RASD506"
CONNECTION = "RASD507"
BAD_FEED = "RASD508"

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]


@dataclass(frozen=True)
class FetchPolicy:
    """How :func:`fetch` may reach the network.

    ``allow_networks``: CIDR blocks treated as public even if private (e.g. a
    known intranet feed). ``resolver``: ``(host, port) -> [address, ...]``,
    replacing DNS (tests map a name to 127.0.0.1 with it).
    """

    timeout: float = 15.0
    max_bytes: int = 10_000_000
    max_redirects: int = 5
    allow_private: bool = False
    user_agent: str = f"rasd/{__version__}"
    allow_networks: tuple[str, ...] = ()
    resolver: Resolver | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if not self.timeout > 0:
            raise FetchError(f"timeout must be > 0, got {self.timeout}", code=REFUSED)
        if self.max_bytes < 1:
            raise FetchError(f"max_bytes must be >= 1, got {self.max_bytes}", code=REFUSED)
        if self.max_redirects < 0:
            raise FetchError(f"max_redirects must be >= 0, got {self.max_redirects}", code=REFUSED)
        for net in self.allow_networks:
            try:
                ipaddress.ip_network(net, strict=False)
            except ValueError as err:
                raise FetchError(f"not a network: {net!r}", code=REFUSED) from err


@dataclass(frozen=True)
class FetchResult:
    """One fetched URL: ``url`` is the final URL after redirects."""

    status: int
    url: str
    headers: Mapping[str, str]
    content: bytes
    not_modified: bool = False

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        """The charset declared in ``Content-Type``, if any."""
        for part in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = part.partition("=")
            if key.strip().lower() == "charset" and value.strip():
                return value.strip().strip("\"'")
        return None


class HTTPStatusFetchError(FetchError):
    """An HTTP error status (code RASD503); ``status`` is the number."""

    code = HTTP_STATUS

    def __init__(self, status: int, url: str) -> None:
        super().__init__(
            f"HTTP {status} from {url}",
            hint="check the URL; the server refused or failed the request",
        )
        self.status = status


# -- address checks -------------------------------------------------------------
def _embedded_v4(addr: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if addr.ipv4_mapped is not None:
        return addr.ipv4_mapped
    if addr.sixtofour is not None:
        return addr.sixtofour
    if addr.teredo is not None:
        return addr.teredo[1]
    if addr in ipaddress.IPv6Network("64:ff9b::/96"):  # NAT64
        return ipaddress.IPv4Address(int(addr) & 0xFFFFFFFF)
    return None


def is_public_address(addr: IPAddress) -> bool:
    """Whether ``addr`` is a global unicast address (not private, loopback,
    link-local, multicast, reserved, unspecified, shared or documentation)."""
    if isinstance(addr, ipaddress.IPv6Address):
        if addr.ipv4_mapped is not None:  # ::ffff:a.b.c.d is the IPv4 address itself
            return is_public_address(addr.ipv4_mapped)
        inner = _embedded_v4(addr)
        if inner is not None and not is_public_address(inner):
            return False
    return not (
        addr.is_private
        or addr.is_loopback
        or addr.is_link_local
        or addr.is_multicast
        or addr.is_reserved
        or addr.is_unspecified
        or not addr.is_global
    )


def _allowed(addr: IPAddress, policy: FetchPolicy) -> bool:
    if policy.allow_private or is_public_address(addr):
        return True
    return any(
        addr in ipaddress.ip_network(net, strict=False)
        for net in policy.allow_networks
        if ipaddress.ip_network(net, strict=False).version == addr.version
    )


def _resolve(host: str, port: int, policy: FetchPolicy) -> list[str]:
    if policy.resolver is not None:
        return list(policy.resolver(host, port))
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as err:
        raise FetchError(f"cannot resolve {host!r}: {err}", code=CONNECTION) from err
    out: list[str] = []
    for info in infos:
        a = str(info[4][0]).split("%")[0]
        if a not in out:
            out.append(a)
    return out


def check_url(url: str, policy: FetchPolicy) -> tuple[httpx.URL, str]:
    """Validate ``url`` and its addresses; return the parsed URL and the address to use.

    Raises :class:`FetchError` RASD501 when the scheme, host or any address is refused.
    """
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError) as err:
        raise FetchError(f"not a URL: {url!r}", code=REFUSED) from err
    if parsed.scheme not in ("http", "https"):
        raise FetchError(
            f"refused scheme {parsed.scheme or '(none)'!r} in {url!r}",
            code=REFUSED,
            hint="only http and https URLs are fetched",
        )
    host = parsed.host
    if not host:
        raise FetchError(f"no host in {url!r}", code=REFUSED)
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    try:
        literal: IPAddress | None = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    addresses = [str(literal)] if literal is not None else _resolve(host, port, policy)
    if not addresses:
        raise FetchError(f"no address for {host!r}", code=CONNECTION)
    for a in addresses:
        try:
            ip = ipaddress.ip_address(a)
        except ValueError as err:
            raise FetchError(f"resolver gave a bad address {a!r}", code=CONNECTION) from err
        if not _allowed(ip, policy):
            raise FetchError(
                f"refused address {ip} for {host!r} (not a public address)",
                code=REFUSED,
                hint="private and local addresses need --allow-private",
            )
    return parsed, addresses[0]


# -- fetching --------------------------------------------------------------------
def fetch(
    url: str,
    policy: FetchPolicy | None = None,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    accept: str | None = None,
) -> FetchResult:
    """GET ``url`` safely (see the module docstring); raise :class:`FetchError`."""
    policy = policy or FetchPolicy()
    deadline = time.monotonic() + policy.timeout
    headers = {"User-Agent": policy.user_agent, "Accept-Encoding": "gzip, deflate"}
    if accept:
        headers["Accept"] = accept
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    seen: set[str] = set()
    current = url
    with httpx.Client(
        timeout=httpx.Timeout(policy.timeout),
        follow_redirects=False,
        trust_env=False,
        limits=httpx.Limits(max_keepalive_connections=0),  # never reuse across hosts
    ) as client:
        for _hop in range(policy.max_redirects + 1):
            seen.add(current)
            resp_status, resp_headers, content, location = _get_one(
                client, current, headers, policy, deadline
            )
            if location is None:
                if resp_status == 304:
                    return FetchResult(304, current, resp_headers, b"", not_modified=True)
                if resp_status >= 400:
                    raise HTTPStatusFetchError(resp_status, current)
                return FetchResult(resp_status, current, resp_headers, content)
            nxt = urljoin(current, location)
            if nxt in seen:
                raise FetchError(f"redirect loop at {nxt}", code=REDIRECTS)
            current = nxt
    raise FetchError(
        f"more than {policy.max_redirects} redirects from {url}",
        code=REDIRECTS,
        hint="use the final URL directly",
    )


def _get_one(
    client: httpx.Client,
    url: str,
    headers: dict[str, str],
    policy: FetchPolicy,
    deadline: float,
) -> tuple[int, dict[str, str], bytes, str | None]:
    """One hop: ``(status, headers, body, redirect location or None)``."""
    parsed, address = check_url(url, policy)
    host = parsed.host
    default_port = 443 if parsed.scheme == "https" else 80
    host_header = host if ":" not in host else f"[{host}]"
    if parsed.port and parsed.port != default_port:
        host_header += f":{parsed.port}"
    pinned = parsed.copy_with(host=address)
    extensions = {"sni_hostname": host} if parsed.scheme == "https" else {}
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchError(f"timed out fetching {url}", code=TIMEOUT)
    request = client.build_request(
        "GET",
        pinned,
        headers={**headers, "Host": host_header},
        extensions=extensions,
        timeout=httpx.Timeout(min(policy.timeout, left)),
    )
    try:
        response = client.send(request, stream=True)
    except httpx.TimeoutException as err:
        raise FetchError(f"timed out fetching {url}", code=TIMEOUT) from err
    except (httpx.TransportError, OSError) as err:
        raise FetchError(f"cannot connect to {url}: {err}", code=CONNECTION) from err
    try:
        resp_headers = {k.lower(): v for k, v in response.headers.items()}
        if response.status_code in REDIRECT_STATUSES:
            location = response.headers.get("location")
            if not location:
                raise FetchError(f"redirect without Location from {url}", code=REDIRECTS)
            return response.status_code, resp_headers, b"", location
        if response.status_code >= 300:
            return response.status_code, resp_headers, b"", None
        declared = response.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > policy.max_bytes:
            raise FetchError(
                f"{url} is {declared} bytes, over the limit of {policy.max_bytes}",
                code=TOO_LARGE,
                hint="raise max_bytes if this source is trusted",
            )
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > policy.max_bytes:
                    raise FetchError(
                        f"{url} is over the limit of {policy.max_bytes} bytes",
                        code=TOO_LARGE,
                        hint="raise max_bytes if this source is trusted",
                    )
                if time.monotonic() > deadline:
                    raise FetchError(f"timed out reading {url}", code=TIMEOUT)
                chunks.append(chunk)
        except httpx.TimeoutException as err:
            raise FetchError(f"timed out reading {url}", code=TIMEOUT) from err
        except (httpx.TransportError, httpx.DecodingError, OSError) as err:
            raise FetchError(f"connection failed reading {url}: {err}", code=CONNECTION) from err
        return response.status_code, resp_headers, b"".join(chunks), None
    finally:
        response.close()
