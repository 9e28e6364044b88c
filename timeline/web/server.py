"""Serving the page: bound to this machine alone unless told otherwise."""

from __future__ import annotations

import contextlib
import datetime as _dt
import ipaddress
import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TextIO

from timeline.model.errors import InvalidQueryError, MissingExtraError
from timeline.web.app import LOCAL_NAMES, make_app

if TYPE_CHECKING:
    from timeline.timeline import Timeline

__all__ = ["LOCAL", "address", "running", "serve"]

LOCAL = "127.0.0.1"


def _local(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(tl: Timeline, *, host: str = LOCAL, port: int = 8765, title: str = "timeline",
          today: Callable[[], _dt.date] | None = None, out: TextIO | None = None) -> None:
    """Serve the page over ``tl`` at ``http://host:port/`` until interrupted.
    The page only reads; it has no login, so a ``host`` other than this
    machine's own (``127.0.0.1``, the default) lets anyone who can reach it
    read the timeline, and ``out`` is told so."""
    names = ("*",) if host in ("0.0.0.0", "::") else (*LOCAL_NAMES, host)
    app = make_app(tl, today=today, title=title, hosts=names)
    uvicorn = _uvicorn()
    _free(host, port)
    if out is not None:
        out.write(f"serving {title} at {address(host, port)} (read-only; Ctrl-C stops it)\n")
        if not _local(host):
            out.write(f"warning: {host} is not this machine alone: anyone who can reach it "
                      "can read this timeline, and the page asks no password\n")
        out.flush()
    uvicorn.run(app, host=host, port=port, log_level="warning")


def address(host: str, port: int) -> str:
    """The address to open: this machine's for a wildcard, IPv6 in brackets."""
    shown = {"0.0.0.0": "127.0.0.1", "::": "[::1]"}.get(host)
    if shown is None:
        shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def _free(host: str, port: int) -> None:
    """Refuse a port another program listens on, before saying anything."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as error:
        raise InvalidQueryError(
            "--port", port, f"cannot listen on {host}:{port}: {error.strerror or error}",
            hint="another program may use it: pick another with --port") from error


def _uvicorn() -> Any:
    try:
        import uvicorn  # noqa: PLC0415 - the web extra, imported when served
    except ImportError as error:
        raise MissingExtraError("uvicorn", "web") from error
    return uvicorn


@contextlib.contextmanager
def running(source: Timeline | Callable[[], Timeline], *, host: str = LOCAL,
            title: str = "timeline",
            today: Callable[[], _dt.date] | None = None) -> Iterator[str]:
    """The page served in a background thread on a free port while the
    block runs; yields its address (``http://127.0.0.1:PORT/``). For
    notebooks and tests::

        with running(tl) as url:
            ...  # open url in a browser

    A timeline over a SQLite store is read from the serving thread: pass a
    function that opens it (``lambda: Timeline.open(path)``), not the
    timeline opened here.
    """
    uvicorn = _uvicorn()
    app = make_app(source, today=today, title=title, hosts=(*LOCAL_NAMES, host))
    listening = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listening.bind((host, 0))
    port = listening.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listening]}, daemon=True)
    thread.start()
    try:
        while not server.started:
            if not thread.is_alive():
                raise RuntimeError("the page's server stopped as it started")
            time.sleep(0.02)
        yield f"http://{host}:{port}/"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        listening.close()
