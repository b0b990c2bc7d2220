"""Machine translation, the `[mt]` extra: engines built from site.toml's specs (Argos,
CTranslate2 NLLB-200, LibreTranslate), masking what an engine must not touch, translation
memory, and `translate`, which writes drafts into catalogs. Nothing in checks, editions, render
or publish imports it; MT libraries are imported only inside the functions that run a model."""
