"""Room `data`: files in, the database out.

The declarative schema of the data contract (`schema`) drives the readers of CSV, spreadsheets and
Parquet (`readers`), the validating all-or-nothing importer (`importer`) and the demo generator
(`demo`); `reference` and `geo` hold the TERYT register, population and boundaries; `db` opens a
built database read-only. Nothing here knows about indicators, roles or pages.
"""
