"""The safe fetcher against a real local HTTP server."""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Iterator

import pytest
from httpserver_util import LocalServer, local_server

from rasd.errors import FetchError
from rasd.ingest.sources.net import FetchPolicy, check_url, fetch, is_public_address

LOCAL = FetchPolicy(timeout=5, allow_private=True)


def public_names(srv: LocalServer, timeout: float = 5) -> FetchPolicy:
    """A policy where ``news.test`` resolves to 127.0.0.1 and only 127.0.0.1 counts as public."""
    table = {"news.test": ["127.0.0.1"], "other.test": ["127.0.0.1"], "intranet.test": ["10.1.2.3"]}
    return FetchPolicy(
        timeout=timeout,
        allow_networks=("127.0.0.1/32",),
        resolver=lambda host, port: table.get(host, []),
    )


@pytest.fixture
def srv() -> Iterator[LocalServer]:
    with local_server() as s:
        yield s


@pytest.mark.parametrize(
    ("addr", "public"),
    [
        ("8.8.8.8", True),
        ("2606:4700:4700::1111", True),
        ("127.0.0.1", False),
        ("10.0.0.5", False),
        ("172.16.3.4", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("0.0.0.0", False),
        ("224.0.0.251", False),
        ("240.0.0.1", False),
        ("255.255.255.255", False),
        ("::1", False),
        ("::", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("ff02::1", False),
        ("::ffff:127.0.0.1", False),
        ("::ffff:10.0.0.1", False),
        ("::ffff:8.8.8.8", True),
        ("2002:7f00:1::", False),
        ("64:ff9b::a00:1", False),
    ],
)
def test_public_address(addr: str, public: bool) -> None:
    assert is_public_address(ipaddress.ip_address(addr)) is public


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.org/x", "gopher://x", "http://", "not a url"]
)
def test_refuses_schemes_and_bad_urls(url: str) -> None:
    with pytest.raises(FetchError) as err:
        fetch(url, FetchPolicy())
    assert err.value.code == "RASD501"


def test_loopback_refused_without_allow_private(srv: LocalServer) -> None:
    srv.set("/a", "<p>نص</p>")
    for host in ("127.0.0.1", "[::ffff:127.0.0.1]", "localhost"):
        with pytest.raises(FetchError) as err:
            fetch(srv.url("/a", host=host), FetchPolicy(timeout=2))
        assert err.value.code == "RASD501"
    assert srv.hits["/a"] == 0  # refused before connecting


def test_allow_private_fetches_and_reports_final_url(srv: LocalServer) -> None:
    srv.set("/final", "مرحبا", content_type="text/plain; charset=utf-8")
    srv.redirect("/start", "/final", status=301)
    res = fetch(srv.url("/start"), LOCAL)
    assert res.status == 200
    assert res.url == srv.url("/final")
    assert res.content.decode("utf-8") == "مرحبا"
    assert res.charset == "utf-8"
    assert res.headers["content-type"].startswith("text/plain")
    assert srv.requests[0].headers["User-Agent"].startswith("rasd/")


def test_named_host_is_pinned_and_keeps_host_header(srv: LocalServer) -> None:
    srv.set("/x", "ok")
    res = fetch(srv.url("/x", host="news.test"), public_names(srv))
    assert res.status == 200
    assert res.url == srv.url("/x", host="news.test")
    assert srv.requests[-1].headers["Host"] == f"news.test:{srv.port}"


def test_check_url_refuses_a_name_resolving_to_a_private_address(srv: LocalServer) -> None:
    with pytest.raises(FetchError) as err:
        check_url("http://intranet.test/", public_names(srv))
    assert err.value.code == "RASD501"
    assert "10.1.2.3" in err.value.message


@pytest.mark.parametrize(
    "target",
    [
        "http://127.0.0.2:{port}/secret",
        "http://169.254.169.254/latest/meta-data/",
        "http://intranet.test/",
        "http://[::1]:{port}/secret",
        "file:///etc/passwd",
    ],
)
def test_redirect_to_private_host_refused(srv: LocalServer, target: str) -> None:
    srv.set("/secret", "secret")
    srv.redirect("/go", target.format(port=srv.port))
    with pytest.raises(FetchError) as err:
        fetch(srv.url("/go", host="news.test"), public_names(srv))
    assert err.value.code == "RASD501"
    assert srv.hits["/go"] == 1
    assert srv.hits["/secret"] == 0


def test_redirect_across_allowed_hosts_is_followed(srv: LocalServer) -> None:
    srv.set("/b", "done")
    srv.redirect("/a", srv.url("/b", host="other.test"))
    res = fetch(srv.url("/a", host="news.test"), public_names(srv))
    assert res.url == srv.url("/b", host="other.test")
    assert res.content == b"done"


def test_redirect_loop(srv: LocalServer) -> None:
    srv.redirect("/a", "/b")
    srv.redirect("/b", "/a")
    with pytest.raises(FetchError) as err:
        fetch(srv.url("/a"), LOCAL)
    assert err.value.code == "RASD505"
    assert "loop" in err.value.message


def test_too_many_redirects(srv: LocalServer) -> None:
    for i in range(4):
        srv.redirect(f"/r{i}", f"/r{i + 1}")
    srv.set("/r4", "end")
    with pytest.raises(FetchError) as err:
        fetch(srv.url("/r0"), FetchPolicy(timeout=5, allow_private=True, max_redirects=3))
    assert err.value.code == "RASD505"
    assert fetch(srv.url("/r0"), LOCAL).content == b"end"  # 4 hops are within the default 5


def test_timeout(srv: LocalServer) -> None:
    srv.set("/slow", "late", delay=2.0)
    t0 = time.monotonic()
    with pytest.raises(FetchError) as err:
        fetch(srv.url("/slow"), FetchPolicy(timeout=0.5, allow_private=True))
    assert err.value.code == "RASD502"
    assert time.monotonic() - t0 < 1.8


@pytest.mark.parametrize("status", [404, 500, 503])
def test_http_error_status(srv: LocalServer, status: int) -> None:
    srv.set("/e", "oops", status=status)
    with pytest.raises(FetchError) as err:
        fetch(srv.url("/e"), LOCAL)
    assert err.value.code == "RASD503"
    assert getattr(err.value, "status", None) == status
    assert str(status) in err.value.message


@pytest.mark.parametrize("send_length", [True, False])
def test_oversize_body(srv: LocalServer, send_length: bool) -> None:
    srv.set("/big", b"x" * 50_000, send_length=send_length)
    policy = FetchPolicy(timeout=5, allow_private=True, max_bytes=10_000)
    with pytest.raises(FetchError) as err:
        fetch(srv.url("/big"), policy)
    assert err.value.code == "RASD504"
    ok = FetchPolicy(timeout=5, allow_private=True, max_bytes=50_000)
    assert len(fetch(srv.url("/big"), ok).content) == 50_000


def test_conditional_get(srv: LocalServer) -> None:
    srv.set("/feed", "<rss/>", etag='"v1"')
    first = fetch(srv.url("/feed"), LOCAL)
    assert first.headers["etag"] == '"v1"' and not first.not_modified
    again = fetch(
        srv.url("/feed"), LOCAL, etag='"v1"', last_modified="Tue, 05 Mar 2024 08:00:00 GMT"
    )
    assert again.not_modified and again.status == 304 and again.content == b""
    assert srv.requests[-1].headers["If-None-Match"] == '"v1"'
    assert srv.requests[-1].headers["If-Modified-Since"].startswith("Tue, 05 Mar 2024")


def test_connection_refused() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(FetchError) as err:
        fetch(f"http://127.0.0.1:{port}/", FetchPolicy(timeout=2, allow_private=True))
    assert err.value.code == "RASD507"


def test_unresolvable_name() -> None:
    policy = FetchPolicy(timeout=2, resolver=lambda host, port: [])
    with pytest.raises(FetchError) as err:
        fetch("http://nowhere.test/", policy)
    assert err.value.code == "RASD507"


@pytest.mark.parametrize(
    "kwargs", [{"timeout": 0}, {"max_bytes": 0}, {"max_redirects": -1}, {"allow_networks": ("x",)}]
)
def test_bad_policy(kwargs: dict[str, object]) -> None:
    with pytest.raises(FetchError):
        FetchPolicy(**kwargs)  # type: ignore[arg-type]
