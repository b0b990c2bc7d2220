"""Judging catalogs: the rules one entry is checked by (`rules`, `writing`), which run and how
they are silenced (`findings`), the CI gate `check` (`gate`) and `status`. Takes the source and
catalogs; gives findings and counts. Never imports `mt`."""
