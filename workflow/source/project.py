"""The Project: one command's view of a content repository, built once and handed down.

It holds the root, the run's only cache of input file contents (`Inputs`), the validated site
configuration and, on first use, the articles. The CLI builds one per command; every stage
reads through it, so no input is read twice in one run. Library entry points also accept a
plain root (`project_of`), for scripts and tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Callable, TypeVar

from ..base.files import Inputs
from ..base.pool import Executor
from .articles import Article, load_articles
from .site import Site, load_site

T = TypeVar("T")


@dataclass
class Project:
    root: Path
    inputs: Inputs
    site: Site
    #: Where parallel work goes: a Dask cluster, or None for this machine's processes.
    executor: Executor | None = field(default=None, repr=False)
    #: Values computed once per run from the inputs (an edition's usable translations, a glossary).
    memo: dict[Any, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, root: Path) -> Project:
        inputs = Inputs(root)
        return cls(root, inputs, load_site(root, inputs))

    @cached_property
    def articles(self) -> list[Article]:
        """Every article, sorted by slug, read and validated on first use."""
        return load_articles(self.root, self.inputs)

    def once(self, key: Any, compute: Callable[[], T]) -> T:
        """`compute()` the first time `key` is asked for in this run, the same value after."""
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]

    def select(self, langs: tuple[str, ...] | list[str], all_: bool) -> list[str]:
        """The `--lang`/`--all` choice, validated against site.toml."""
        return self.site.select_languages(langs, all_)


def project_of(where: Path | str | Site | Project) -> Project:
    """`where` as a Project: a Project as it is, a loaded Site or a root with a cache of its own."""
    if isinstance(where, Project):
        return where
    if isinstance(where, Site):
        return Project(where.root, Inputs(where.root), where)
    return Project.load(Path(where))
