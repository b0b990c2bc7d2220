"""An edition is one article in one language: the translations it may show (judged as `check`
judges them), which editions publish builds, and the digest and verdict of its clinical sign-off.
Takes source, catalogs and checks; gives values that render, publish and review use."""
