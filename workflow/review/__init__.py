"""The clinician's side: bilingual review sheets (`sheet`) and signing an edition off
(`signing`). Takes editions and render; writes `output/review/` and sign-off records."""
