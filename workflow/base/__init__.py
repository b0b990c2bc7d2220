"""Below every stage: errors, the only reader of input files (bounded) and the atomic writer,
locks, the worker pool, the languages registry and the shapes of numbers and addresses.
Takes nothing from the rest of the package."""
