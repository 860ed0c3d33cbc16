"""docs/data-format.md is generated from the schema and must be in step with it."""
from analytics.present import docs
from analytics.data import schema


def test_data_format_doc_is_current():
    assert docs.DOC_PATH.read_text(encoding="utf-8") == docs.render(), (
        "docs/data-format.md is stale: run `python -m analytics.present.docs`")


def test_doc_names_every_table_and_column_with_both_languages():
    text = docs.render()
    for t in schema.TABLES:
        assert f"### `{t.name}` — {t.pl} / {t.en}" in text
        for c in t.columns:
            assert f"| `{c.name}` |" in text and f"{c.pl} / {c.en}" in text
    for f in schema.FORBIDDEN_COLUMNS:
        assert f"`{f}`" in text


def test_indicator_doc_is_current_and_lists_every_code():
    from analytics.metrics import catalogue
    assert docs.INDICATORS_PATH.read_text(encoding="utf-8") == docs.render_indicators(), (
        "docs/indicators.md is stale: run `python -m analytics.present.docs`")
    text = docs.render_indicators()
    for i in catalogue.CATALOGUE:
        assert f"| `{i.code}` | {i.label_pl} / {i.label_en} |" in text
