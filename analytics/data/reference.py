"""Reference geography shipped in data/reference/: TERYT register, GUS population, boundaries.

Dimension tables written into every database:
  units(teryt, level, name, name_full, powiat_type, voivodeship_teryt, voivodeship_name)
      16 voivodeships, 380 powiats and the country row ('PL', level 'country').
  unit_population(teryt, level, population, year, source)
      the per-capita denominator of every unit: the `population` input where given (latest year),
      else the GUS reference; the country's is the sum of its 16 voivodeships (contract section 3).
"""
from __future__ import annotations

from analytics import PROJECT_ROOT

import csv
from functools import lru_cache
from pathlib import Path

import pyarrow as pa

REFERENCE_DIR = PROJECT_ROOT / "data" / "reference"
TERYT_CSV = REFERENCE_DIR / "teryt_reference.csv"
POPULATION_CSV = REFERENCE_DIR / "population.csv"
VOIVODESHIPS_GEOJSON = REFERENCE_DIR / "voivodeships.geojson"
POWIATS_GEOJSON = REFERENCE_DIR / "powiats.geojson"

COUNTRY = "PL"
LEVELS = ("powiat", "voivodeship", "country")
ATTRIBUTION = "Źródło: GUS (TERYT, Bank Danych Lokalnych); granice: GUGiK PRG"
ATTRIBUTION_EN = "Source: Statistics Poland (GUS: TERYT, Local Data Bank); boundaries: GUGiK PRG"


def _read_csv(path: Path) -> list[dict[str, str]]:
    # Every value stays a string: TERYT codes keep their leading zeros.
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@lru_cache(maxsize=1)
def units() -> tuple[dict[str, str], ...]:
    return tuple(_read_csv(TERYT_CSV))


@lru_cache(maxsize=1)
def population() -> tuple[dict[str, str], ...]:
    return tuple(_read_csv(POPULATION_CSV))


@lru_cache(maxsize=1)
def powiat_codes() -> frozenset[str]:
    return frozenset(u["teryt"] for u in units() if u["level"] == "powiat")


@lru_cache(maxsize=1)
def voivodeship_codes() -> frozenset[str]:
    return frozenset(u["teryt"] for u in units() if u["level"] == "voivodeship")


def load_reference(con) -> None:
    """Create `units` and `ref_population` in an open DuckDB connection."""
    con.execute(
        """CREATE TABLE units (teryt VARCHAR PRIMARY KEY, level VARCHAR NOT NULL, name VARCHAR NOT NULL,
             name_full VARCHAR, powiat_type VARCHAR, voivodeship_teryt VARCHAR, voivodeship_name VARCHAR)"""
    )
    rows = [
        (u["teryt"], u["level"], u["name"], u["name_full"], u["powiat_type"] or None,
         u["voivodeship_teryt"] or None, u["voivodeship_name"] or None)
        for u in units()
    ]
    rows.append((COUNTRY, "country", "Polska", "Rzeczpospolita Polska", None, None, None))
    _insert(con, "units", rows, [pa.string()] * 7)
    con.execute(
        """CREATE TABLE ref_population (teryt VARCHAR PRIMARY KEY, level VARCHAR, population BIGINT,
             year INTEGER, population_2019 BIGINT, area_km2 DOUBLE)"""
    )
    _insert(con, "ref_population",
            [(p["teryt"], p["level"], int(p["population"]), int(p["year"]), int(p["population_2019"]),
              float(p["area_km2"])) for p in population()],
            [pa.string(), pa.string(), pa.int64(), pa.int32(), pa.int64(), pa.float64()])


def _insert(con, table: str, rows: list[tuple], types: list) -> None:
    """Insert rows in one statement through Arrow (executemany inserts row by row: ~1 s per import)."""
    columns = list(zip(*rows))
    data = pa.table({f"c{i}": pa.array(col, type=typ) for i, (col, typ) in enumerate(zip(columns, types))})
    name = f"_reference_{table}"
    con.register(name, data)
    try:
        con.execute(f"INSERT INTO {table} SELECT * FROM {name}")
    finally:
        con.unregister(name)


def build_unit_population(con) -> None:
    """(Re)create `unit_population` from ref_population and the optional `population` input table."""
    has_input = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'population'"
    ).fetchall()[0][0]
    override = (
        """, latest AS (
             SELECT teryt, population, year FROM population
             QUALIFY row_number() OVER (PARTITION BY teryt ORDER BY year DESC) = 1)"""
        if has_input else ", latest AS (SELECT NULL::VARCHAR AS teryt, NULL::BIGINT AS population, NULL::BIGINT AS year WHERE false)"
    )
    con.execute("DROP TABLE IF EXISTS unit_population")
    con.execute(
        f"""CREATE TABLE unit_population AS
        WITH base AS (SELECT 1){override},
        sub AS (
          SELECT r.teryt, r.level,
                 coalesce(l.population, r.population) AS population,
                 coalesce(l.year, r.year)::INTEGER AS year,
                 CASE WHEN l.teryt IS NULL THEN 'GUS' ELSE 'input' END AS source
          FROM ref_population r LEFT JOIN latest l USING (teryt))
        SELECT * FROM sub
        UNION ALL
        SELECT '{COUNTRY}', 'country', sum(population)::BIGINT, max(year), 'sum of voivodeships'
        FROM sub WHERE level = 'voivodeship'"""
    )
