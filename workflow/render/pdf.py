"""PDF leaflets with WeasyPrint, which shapes every script through Pango and HarfBuzz.

Imported only when a PDF has to be built: `leaflet --help` and a publish with nothing to
rebuild never load WeasyPrint. The leaflet HTML is untrusted in the sense that translations
are in it, so WeasyPrint may read only files under `output/assets/`: no network, no other
file. Independent leaflets render in parallel processes. Shaped lines carry their text as
`/ActualText` (`workflow.pdftext`), so search and copy-paste get the words, not the glyphs.

WeasyPrint names an image in the PDF by a hash of its URL, so leaflets are rendered from a
fixed virtual location (`file:///leaflet-output/<lang>/<slug>.html`) that the fetcher maps to
the real output folder: the same inputs give the same bytes wherever the output goes.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Callable
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from ..base.pool import Executor, parallel_map
from .pdftext import actual_text

#: Where leaflets are rendered from, whatever the output folder is (see the module docstring).
VIRTUAL_ROOT = PurePosixPath("/leaflet-output")


class AssetFetcher(URLFetcher):
    """A URL fetcher that serves files under one folder and refuses everything else.

    URLs under `VIRTUAL_ROOT` stand for the same paths under the folder that holds `assets`."""

    def __init__(self, assets: Path):
        super().__init__(allowed_protocols={"file"}, allow_redirects=False)
        self.assets = assets.resolve()

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise ValueError(f"refused: only files under {self.assets} may be loaded, not {url}")
        virtual = PurePosixPath(unquote(parts.path))
        if virtual.is_relative_to(VIRTUAL_ROOT):
            path = (self.assets.parent / virtual.relative_to(VIRTUAL_ROOT)).resolve()
        else:
            path = Path(url2pathname(unquote(parts.path))).resolve()
        if not path.is_relative_to(self.assets) or not path.is_file():
            raise ValueError(f"refused: {path} is not a file under {self.assets}")
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if path.suffix == ".css":
            mime = "text/css"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})


@dataclass(frozen=True)
class PdfJob:
    html: str
    base: Path  # where the page would live: relative URLs resolve from its folder
    assets: Path  # the only folder WeasyPrint may read
    target: Path  # written whole, then the caller renames it into place


def render(job: PdfJob) -> Path:
    """Render one leaflet to `job.target` and return it."""
    _write(job.target, pdf_bytes(job))
    return job.target


def _write(target: Path, data: bytes) -> None:
    """Write a rendered PDF; a full disk is an error naming `target` (a failed write() names none)."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    except OSError as exc:
        if exc.filename is None and exc.errno is not None:
            raise OSError(exc.errno, exc.strerror, str(target)) from None
        raise


def pdf_bytes(job: PdfJob) -> bytes:
    """One leaflet's PDF: what a worker, here or on a cluster, sends back for the command to write."""
    output = job.assets.resolve().parent
    base = job.base.resolve()
    where = (VIRTUAL_ROOT / base.relative_to(output).as_posix()).as_uri() if base.is_relative_to(output) \
        else base.as_uri()
    document = HTML(string=job.html, base_url=where, url_fetcher=AssetFetcher(job.assets))
    with actual_text():
        return document.write_pdf(pdf_tags=True)


def _render(_shared: None, job: PdfJob) -> bytes:
    return pdf_bytes(job)


def render_all(jobs: list[PdfJob], workers: int | None = None,
               progress: Callable[[int, int], None] | None = None, executor: Executor | None = None) -> list[Path]:
    """Render `jobs`, in parallel processes when there are several and more than one core.

    Longest first, so no core is left with one big leaflet at the end; every leaflet is
    worth a process (`work` is infinite), and forked workers inherit the imported WeasyPrint.
    `progress(done, total)` is called as leaflets are done.
    """
    order = sorted(range(len(jobs)), key=lambda i: -len(jobs[i].html))
    rendered = parallel_map(_render, [jobs[i] for i in order], jobs=workers, work=float("inf"), progress=progress,
                            executor=executor)
    for i, data in zip(order, rendered):
        _write(jobs[i].target, data)  # a staging file: publish renames it into place
    return [job.target for job in jobs]
