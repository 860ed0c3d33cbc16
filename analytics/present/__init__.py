"""Room `present`: numbers into words, pictures and files.

`i18n` is the one catalogue of interface strings (Polish and English, with plural forms);
`formatting` writes numbers, shares and dates the Polish or English way; `classify` makes map
classes; `figures` builds plotly and pydeck maps and charts; `exports` writes images, CSV and XLSX;
`report` builds the evaluator's bundle; `docs` generates docs/data-format.md from the schema.
"""
