"""The instrument engine: questionnaires as data, for any feature (a kernel app).

An instrument is a YAML file (items, scales, response options, reverse keys, optional norms, a
licence note, in Dutch and English). Who answers is its `respondent` (teacher, child, staff); what
the answers are about is its `subject` (a child, a class, the school, one's own practice). The
relationship questionnaires (`onderstroom.questionnaires`) are built on it; any feature can be.

The small api, module by module:

- `onderstroom.instruments.engine`: `parse_instrument(source) -> InstrumentDefinition` (raises
  `InstrumentError` whose `.errors` are `LineError(line, message)`), the constants `TEACHER`,
  `CHILD`, `STAFF` and `SUBJECT_CHILD`, `SUBJECT_CLASS`, `SUBJECT_SCHOOL`, `SUBJECT_PRACTICE`, and
  `fill_in(text, name)` for the one placeholder a relationship form may use.
- `onderstroom.instruments.library`: `register_shipped(Shipped(key, order, directory))`,
  `sync_shipped_instruments()`, `store_version(school_id, definition, source, loaded_by_id)`,
  `current_versions(subject=None)`.
- `onderstroom.instruments.models`: `Instrument` (key, respondent, subject, school or none when
  shipped), `InstrumentVersion` (one exact file; `.spec` is its parsed `InstrumentDefinition`),
  `Respondent` and `Subject` (TextChoices). A feature's responses point at an `InstrumentVersion`
  (on_delete=PROTECT) and keep their answers as item key → value.
- `onderstroom.instruments.scoring`: `scale_scores(spec, values)` (the 80% rule, reverse keys),
  `keyed_value`, `keyed_rows`, `shown`/`fmt` (numbers as the screens show them), `Reference` and
  `summarise_scale` (a school's distribution per scale and grade band), `position_of`,
  `change_parameters`.
- `onderstroom.instruments.reliability`: `form_report(version, value_sets)`: alpha and item-rest
  correlations per scale.
- `onderstroom.instruments.answering`: `questions(spec, other="")`, `choices(spec)` (with pictogram
  URLs), `first_open(items, values)` and `form_context(...)` for the child's form: the template
  `instruments/child/form.html` (extend it; blocks `about` and `done_text`), its script
  `instruments/childform.js` with the offline queue `instruments/queue.js` (`AnswerQueue`,
  `showStatus`) and read-aloud `instruments/speech.js` (`speak`, `speechAvailable`), the labels
  `instruments/_queue_labels.html`, and the pictograms `instruments/pictograms/face-*.svg`.

How a feature runs a questionnaire:

1. Ship a YAML file in a directory of the feature (say `onderstroom/climate/instruments/`) and
   register it from the feature's `panels.register()`:
   `library.register_shipped(library.Shipped("climate.class", order=20, directory=Path(...)))`.
   After every `migrate` (and on first use) `sync_shipped_instruments()` stores each file as a
   version; a changed file becomes a new version and old answers keep theirs.
2. Pick a version: `current_versions(subject=SUBJECT_CLASS)` for what a school may use, or
   `InstrumentVersion.objects.filter(instrument__key=...)`; store it on the feature's own moment.
3. Render the items: `version.spec.items` (each `item.text.get()` in the active language) and
   `version.spec.options` (value, label, pictogram); for a child, `answering.form_context(...)` and
   a template extending `instruments/child/form.html`, with an endpoint of the feature that takes
   the queued answers ({"answers": [{"client_id", "item", "value", "answered_at"}]}) and replies
   {"stored": [client ids], "rejected": {client id: reason}} (see questionnaires.child_views).
4. Score: `scale_scores(version.spec, {item_key: value, ...})` gives scale key → mean or None;
   keep the values and scores on the feature's response row.
"""
