"""`leaflet check --source`: is the English plain enough? A translation cannot be clearer than it.

Per article: the Flesch-Kincaid reading grade of its prose (paragraphs, list items, quotes,
the description; headings and table cells are not sentences), computed by textstat 0.7.8, the
last release that counts syllables with the bundled CMU dictionary (0.7.9 and later download
NLTK data at first use and fail offline); and every sentence over 25 words, a warning on its
line. Patient material usually aims at grade 6–8 (US NIH and AMA guidance; CMS's Toolkit for
Making Written Material Clear and Effective), so a grade above 8 is a warning too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..base.sentences import split_sentences
from ..source.project import Project, project_of
from ..source.segments import parse_article
from .findings import WARNING
from .gate import Problem
from .meaning import plain

PLAIN = "plain-language"
MAX_WORDS = 25
TARGET_GRADE = 8.0
_WORD = re.compile(r"[\w’'-]+")
_NOT_PROSE = ("heading", "table", "front matter: title")


@dataclass(frozen=True)
class Grade:
    path: str  # the article, relative to the project
    grade: float  # Flesch-Kincaid grade level
    sentences: int
    long: int  # sentences over MAX_WORDS words


def reading_grade(text: str) -> float:
    import textstat

    return round(float(textstat.flesch_kincaid_grade(text)), 1)


def check_source(project: Project | Path) -> tuple[list[Grade], list[Problem]]:
    """The reading grade of every article, and the warnings: long sentences, a grade above 8."""
    grades, problems = [], []
    for article in project_of(project).articles:
        slug = article.slug
        prose, count, long = [], 0, 0
        for segment in parse_article(article).segments:
            if segment.comment.startswith(_NOT_PROSE):
                continue
            for sentence in split_sentences(plain(segment.msgid), "en"):
                sentence = sentence.strip()
                words = len(_WORD.findall(sentence))
                if not words:
                    continue
                count += 1
                prose.append(sentence if sentence[-1] in ".?!:;" else sentence + ".")
                if words > MAX_WORDS:
                    long += 1
                    problems.append(Problem(None, slug, article.path, segment.line, segment.msgid, PLAIN, WARNING,
                                            f"a sentence of {words} words (aim for {MAX_WORDS} or fewer): "
                                            f"“{sentence[:60]}{'…' if len(sentence) > 60 else ''}”"))
        grade = reading_grade(" ".join(prose)) if prose else 0.0
        grades.append(Grade(article.path, grade, count, long))
        if grade > TARGET_GRADE:
            problems.append(Problem(None, slug, article.path, article.field_lines.get("title", 1), None, PLAIN, WARNING,
                                    f"reading grade {grade:g} (Flesch-Kincaid): patient material aims at "
                                    f"grade 6–8; shorter sentences and everyday words lower it"))
    return grades, problems
