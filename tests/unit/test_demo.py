"""The demo generator: determinism, volumes, and every contract/schema rule checked in DuckDB.

The checks read the generated files directly (not through the importer), derive the rules from
analytics/data/schema.py (types, enums, keys, foreign keys, row checks, defaults) and add the realism
rules the generator promises (dates inside their parents' dates, data ending on DATA_END, ...).
"""
from __future__ import annotations

import hashlib
import re
import time
from pathlib import Path

import duckdb
import pytest

from analytics.data import demo, reference, schema
from analytics.data.importer import import_source

TABLES = [schema.TABLES_BY_NAME[n] for n in demo.OUTPUT_TABLES]
STRUCTURE = ("partners", "partner_areas", "coalitions", "coalition_members", "plans", "plan_indicators",
             "plan_progress", "task_teams", "task_team_members")
PEOPLE = ("volunteers", "organisers", "hours", "activities")
END = demo.DATA_END.isoformat()


def _q(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


# ------------------------------------------------------------------------------------- loading

_TYPED = {
    schema.DATE: "CAST({c} AS DATE)",
    schema.MONTH: "CAST({c} || '-01' AS DATE)",
    schema.BOOL: "CAST({c} AS BOOLEAN)",
    schema.INT: "CAST({c} AS BIGINT)",
    schema.DECIMAL: "CAST({c} AS DOUBLE)",
}


def load(folder: Path, fmt: str, con=None, db_schema: str = "main") -> duckdb.DuckDBPyConnection:
    """raw_<t>: the file as read (CSV: all text); <t>: typed, with the schema's defaults applied.
    Tables go into `db_schema` of `con` (a new in-memory database by default)."""
    con = con or duckdb.connect()
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {db_schema}")
    con.execute(f"USE memory.{db_schema}")
    for t in TABLES:
        path = _q(str(folder / f"{t.name}.{fmt}"))
        src = (f"read_csv({path}, all_varchar=true, header=true, delim=',', quote='\"')" if fmt == "csv"
               else f"read_parquet({path})")
        con.execute(f"CREATE TABLE raw_{t.name} AS SELECT * FROM {src}")
        typed = ", ".join(_TYPED.get(c.type, "CAST({c} AS VARCHAR)").format(c=c.name) + f" AS {c.name}"
                          for c in t.columns)
        con.execute(f"CREATE TABLE typed_{t.name} AS SELECT {typed} FROM raw_{t.name}")
    for t in TABLES:   # defaults: literals, then the parent-column rules (partner dates, founded_on)
        exprs = []
        joins = {}
        for c in t.columns:
            rule = schema.DEFAULT_RULES.get((t.name, c.name))
            if rule:
                parent, pcol, on = rule
                joins[parent] = on
                exprs.append(f"coalesce(x.{c.name}, {parent}.{pcol}) AS {c.name}")
            elif c.default is not None and not str(c.default).startswith("="):
                lit = _q(c.default) if isinstance(c.default, str) else repr(c.default)
                exprs.append(f"coalesce(x.{c.name}, {lit}) AS {c.name}")
            else:
                exprs.append(f"x.{c.name}")
        join_sql = " ".join(
            f"LEFT JOIN typed_{p} AS {p} ON " + " AND ".join(f"x.{k} = {p}.{k}" for k in on)
            for p, on in joins.items())
        con.execute(f"CREATE TABLE {t.name} AS SELECT {', '.join(exprs)} FROM typed_{t.name} x {join_sql}")
    con.execute("USE memory.main")
    return con


def count(con, sql: str) -> int:
    return con.execute(f"SELECT count(*) FROM ({sql})").fetchone()[0]


def one(con, sql: str):
    return con.execute(sql).fetchone()[0]


def check_contract(con) -> list[str]:
    """Every schema rule; returns the broken ones (empty when all hold)."""
    bad = []
    powiats = ", ".join(map(_q, sorted(reference.powiat_codes())))
    voivs = ", ".join(map(_q, sorted(reference.voivodeship_codes())))

    def expect_none(label: str, sql: str) -> None:
        n = count(con, sql)
        if n:
            rows = con.execute(f"{sql} LIMIT 3").fetchall()
            bad.append(f"{label}: {n} rows, e.g. {rows}")

    for t in TABLES:
        for c in t.columns:
            col = f"{t.name}.{c.name}"
            if c.required:
                expect_none(f"{col} required", f"SELECT * FROM {t.name} WHERE {c.name} IS NULL")
            if c.enum:
                expect_none(f"{col} enum", f"SELECT {c.name} FROM {t.name} WHERE {c.name} NOT IN "
                                           f"({', '.join(map(_q, c.enum))})")
            if c.type == schema.TERYT4:
                expect_none(f"{col} teryt", f"SELECT {c.name} FROM {t.name} WHERE {c.name} NOT IN ({powiats})")
            if c.type == schema.TERYT2:
                expect_none(f"{col} teryt", f"SELECT {c.name} FROM {t.name} WHERE {c.name} NOT IN ({voivs})")
            if c.min is not None:
                op = "<=" if c.min_exclusive else "<"
                expect_none(f"{col} min", f"SELECT {c.name} FROM {t.name} WHERE {c.name} {op} {c.min}")
            if c.fk:
                pt, pc = c.fk.split(".")
                expect_none(f"{col} -> {c.fk}", f"SELECT {c.name} FROM {t.name} WHERE {c.name} IS NOT NULL "
                                                f"AND {c.name} NOT IN (SELECT {pc} FROM {pt})")
        if t.key:
            keys = ", ".join(t.key)
            expect_none(f"{t.name} key ({keys})",
                        f"SELECT {keys} FROM {t.name} GROUP BY ALL HAVING count(*) > 1")
            expect_none(f"{t.name} key null",
                        f"SELECT * FROM {t.name} WHERE " + " OR ".join(f"{k} IS NULL" for k in t.key))
        for chk in t.checks:
            if not chk.warning:
                expect_none(f"{t.name} check {chk.sql_ok}",
                            f"SELECT * FROM {t.name} WHERE NOT coalesce(({chk.sql_ok}), true)")
        for cols, parent, pcols in t.composite_fks:
            on = " AND ".join(f"c.{a} = p.{b}" for a, b in zip(cols, pcols))
            expect_none(f"{t.name} {cols} -> {parent}",
                        f"SELECT * FROM {t.name} c ANTI JOIN {parent} p ON {on}")
    # the contract's prose rules
    expect_none("partner_areas of a local partner",
                "SELECT * FROM partner_areas a JOIN partners p USING (partner_id) WHERE p.tier <> 'local'")
    expect_none("custom indicator has a name",
                "SELECT * FROM plan_indicators WHERE code = 'custom' AND coalesce(trim(name), '') = ''")
    # no personal data in the volunteers table
    bad_cols = set(one(con, "SELECT list(column_name) FROM (DESCRIBE raw_volunteers)")) & set(schema.FORBIDDEN_COLUMNS)
    if bad_cols:
        bad.append(f"forbidden columns {bad_cols}")
    return bad


def check_realism(con) -> list[str]:
    """What the generator promises beyond the contract: consistent dates, data ending on DATA_END."""
    bad = []

    def expect_none(label: str, sql: str) -> None:
        n = count(con, sql)
        if n:
            bad.append(f"{label}: {n} rows, e.g. {con.execute(sql + ' LIMIT 3').fetchall()}")

    expect_none("areas inside their partner's dates", """
        SELECT * FROM partner_areas a JOIN partners p USING (partner_id)
        WHERE a.valid_from < p.start_date OR (p.end_date IS NOT NULL AND a.valid_to > p.end_date)
           OR (a.valid_to IS NOT NULL AND a.valid_from > a.valid_to)""")
    expect_none("partner dates inside the edition years", """
        SELECT * FROM partners WHERE year(start_date) < CAST(split_part(edition, '-', 1) AS INT)
           OR year(coalesce(end_date, start_date)) > CAST(split_part(edition, '-', 2) AS INT)""")
    expect_none("memberships start on or after founding, before dissolution", """
        SELECT * FROM coalition_members m JOIN coalitions c USING (coalition_id)
        WHERE m.joined_on < c.founded_on OR m.joined_on >= coalesce(c.dissolved_on, DATE '9999-12-31')
           OR m.left_on > coalesce(c.dissolved_on, DATE '9999-12-31')""")
    expect_none("overlapping spells of one member", """
        SELECT * FROM coalition_members a JOIN coalition_members b USING (coalition_id, member_id)
        WHERE a.joined_on < b.joined_on AND (a.left_on IS NULL OR a.left_on >= b.joined_on)""")
    expect_none("progress inside the plan period, only for counted plans", """
        SELECT * FROM plan_progress g JOIN plans p USING (plan_id)
        WHERE g.reported_on <= p.period_start OR g.reported_on > p.period_end OR p.status = 'draft'""")
    expect_none("progress moves monotonically towards the target", """
        SELECT * FROM (
          SELECT g.*, i.baseline, i.target,
                 lag(achieved) OVER (PARTITION BY plan_id, indicator_id ORDER BY reported_on) AS prev
          FROM plan_progress g JOIN plan_indicators i USING (plan_id, indicator_id))
        WHERE prev IS NOT NULL AND sign(achieved - prev) * sign(target - baseline) < 0""")
    expect_none("plan adopted within its partner's dates",
                "SELECT * FROM plans JOIN partners USING (partner_id) WHERE adopted_on < start_date")
    expect_none("draft plans are not adopted", "SELECT * FROM plans WHERE status = 'draft' AND adopted_on IS NOT NULL")
    expect_none("volunteer dates", """
        SELECT * FROM volunteers WHERE registered_on < DATE '2019-01-01' OR ks_member_since < registered_on
           OR birth_year NOT BETWEEN 1920 AND year(registered_on) - 13 OR NOT regexp_full_match(volunteer_id, 'V\\d{6,}')""")
    expect_none("hours after registration and within the data months", f"""
        SELECT * FROM hours h JOIN volunteers v USING (volunteer_id)
        WHERE h.month < date_trunc('month', v.registered_on) OR h.month < DATE '2019-01-01'
           OR last_day(h.month) > DATE '{END}'""")
    expect_none("organiser joined before its first hours", """
        SELECT * FROM organisers o JOIN (SELECT organiser_id, min(month) AS m FROM hours GROUP BY 1) h
        USING (organiser_id) WHERE o.joined_on > h.m""")
    expect_none("MPW certificate after joining", "SELECT * FROM organisers WHERE mpw_certified_on < joined_on")
    expect_none("activity inside its partner's dates", """
        SELECT * FROM activities a JOIN partners p USING (partner_id)
        WHERE a.date < p.start_date OR a.date > coalesce(p.end_date, DATE '9999-12-31')""")
    expect_none("activities of a local partner in its areas", """
        SELECT * FROM activities a JOIN partners p USING (partner_id)
        WHERE p.tier = 'local' AND NOT EXISTS (SELECT 1 FROM partner_areas r WHERE r.partner_id = a.partner_id
              AND r.powiat = a.powiat AND a.date BETWEEN r.valid_from AND coalesce(r.valid_to, DATE '9999-12-31'))""")
    expect_none("activities of a regional partner in its voivodeship", """
        SELECT * FROM activities a JOIN partners p USING (partner_id)
        WHERE p.tier = 'regional' AND left(a.powiat, 2) <> p.voivodeship""")
    expect_none("task-team memberships inside the team's life and the partner's dates", """
        SELECT * FROM task_team_members m JOIN task_teams t USING (team_id) JOIN partners p USING (partner_id)
        WHERE m.joined_on < t.founded_on OR m.joined_on >= coalesce(t.dissolved_on, DATE '9999-12-31')
           OR m.left_on > coalesce(t.dissolved_on, DATE '9999-12-31')
           OR m.joined_on < p.start_date OR m.joined_on > coalesce(p.end_date, DATE '9999-12-31')
           OR m.left_on > coalesce(p.end_date, DATE '9999-12-31')""")
    expect_none("institution programmes carry the sector, others none",
                "SELECT * FROM activities WHERE (type = 'institution_programme') <> (sector IS NOT NULL)")
    # every recorded event date ends on DATA_END (a month counts as its last day)
    parts = [f"SELECT max({'last_day(' + c.name + ')' if c.type == schema.MONTH else c.name}) AS d FROM {t.name}"
             for t in TABLES for c in t.columns if c.event]
    latest = one(con, f"SELECT max(d) FROM ({' UNION ALL '.join(parts)})")
    if str(latest) != END:
        bad.append(f"latest event date {latest}, expected {END}")
    for t in TABLES:
        for c in t.columns:
            if c.type == schema.DATE and one(con, f"SELECT max({c.name}) FROM {t.name}") is not None:
                early = one(con, f"SELECT min({c.name}) FROM {t.name}")
                if early.year < 2018:
                    bad.append(f"{t.name}.{c.name} starts {early}")
    return bad


# ------------------------------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def scale1(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo_scale1")
    started = time.perf_counter()
    rows = demo.generate(out, scale=1.0)
    seconds = time.perf_counter() - started
    return out, rows, seconds, load(out, "csv")


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """Scale 0.05 in both formats, seed 7."""
    base = tmp_path_factory.mktemp("demo_small")
    rows = {fmt: demo.generate(base / fmt, scale=0.05, seed=7, fmt=fmt) for fmt in demo.FORMATS}
    return base, rows


# ------------------------------------------------------------------------------------- tests

def test_api_and_files(small):
    base, rows = small
    assert list(rows["csv"]) == list(demo.OUTPUT_TABLES)
    assert "population" not in rows and len(rows["csv"]) == 13
    assert rows["csv"] == rows["parquet"]
    for fmt in demo.FORMATS:
        assert sorted(p.name for p in (base / fmt).iterdir()) == sorted(f"{t}.{fmt}" for t in demo.OUTPUT_TABLES)


def test_deterministic(small, tmp_path):
    base, _ = small
    for fmt in demo.FORMATS:
        again = tmp_path / fmt
        demo.generate(again, scale=0.05, seed=7, fmt=fmt)
        assert _digests(again) == _digests(base / fmt)
    other = tmp_path / "other"
    demo.generate(other, scale=0.05, seed=8)
    a, b = _digests(base / "csv"), _digests(other)
    for t in demo.OUTPUT_TABLES:
        assert a[f"{t}.csv"] != b[f"{t}.csv"], t


def test_structure_does_not_depend_on_scale(small, tmp_path):
    base, rows = small
    bigger = demo.generate(tmp_path, scale=0.1, seed=7)
    a, b = _digests(base / "csv"), _digests(tmp_path)
    for t in STRUCTURE:
        assert a[f"{t}.csv"] == b[f"{t}.csv"], t
    for t in PEOPLE:
        assert bigger[t] > rows["csv"][t], t


def test_csv_format(small):
    """Plain UTF-8 CSV: schema header and column order, no quotes, ISO dates, YYYY-MM months,
    true/false, empty cells for null."""
    folder = small[0] / "csv"
    patterns = {
        schema.DATE: r"\d{4}-\d{2}-\d{2}", schema.MONTH: r"\d{4}-(0[1-9]|1[0-2])", schema.BOOL: r"true|false",
        schema.INT: r"\d+", schema.DECIMAL: r"\d+(\.\d+)?", schema.TERYT2: r"\d{2}", schema.TERYT4: r"\d{4}",
    }
    for t in TABLES:
        text = (folder / f"{t.name}.csv").read_bytes().decode("utf-8")
        lines = text.split("\n")
        assert lines[0] == ",".join(t.column_names)
        assert lines[-1] == "" and '"' not in text and "\r" not in text
        body = [line.split(",") for line in lines[1:-1]]
        assert body, t.name
        for i, c in enumerate(t.columns):
            pat = patterns.get(c.type)
            values = {row[i] for row in body}
            if c.required:
                assert "" not in values, (t.name, c.name)
            if pat:
                wrong = [v for v in values if v and not re.fullmatch(pat, v)]
                assert not wrong, (t.name, c.name, wrong[:3])


def test_small_scale_satisfies_contract(small):
    con = load(small[0] / "csv", "csv")
    assert check_contract(con) == []
    assert check_realism(con) == []


def test_parquet_matches_csv(small):
    base, rows = small
    con = load(base / "csv", "csv")
    load(base / "parquet", "parquet", con, "pq")
    for t in TABLES:
        cols = ", ".join(t.column_names)
        assert one(con, f"SELECT count(*) FROM pq.{t.name}") == rows["csv"][t.name]
        for a, b in ((f"pq.{t.name}", t.name), (t.name, f"pq.{t.name}")):
            diff = count(con, f"SELECT {cols} FROM {a} EXCEPT ALL SELECT {cols} FROM {b}")
            assert diff == 0, (t.name, a, b)
    # parquet column types follow the schema (months stay YYYY-MM text, as in the contract)
    sql_types = {"DATE": "DATE", "BOOL": "BOOLEAN", "INT": "BIGINT", "DECIMAL": "DOUBLE"}
    for t in TABLES:
        described = {r[0]: r[1] for r in con.execute(f"DESCRIBE pq.raw_{t.name}").fetchall()}
        assert list(described) == t.column_names
        for c in t.columns:
            assert described[c.name] == sql_types.get(c.type.upper(), "VARCHAR"), (t.name, c.name)


def test_scale1_fast_and_valid(scale1):
    _, rows, seconds, con = scale1
    assert seconds < 20
    assert check_contract(con) == []
    assert check_realism(con) == []


def test_scale1_volumes(scale1):
    _, rows, _, con = scale1
    assert rows == {t.name: one(con, f"SELECT count(*) FROM {t.name}") for t in TABLES}
    assert rows["volunteers"] == 40_000
    assert rows["organisers"] == 4_000
    assert rows["activities"] == 4_000
    assert 200_000 <= rows["hours"] <= 300_000
    assert 130 <= rows["coalitions"] <= 170
    assert rows["partners"] == 16 + 17 + 16 + 6 + 14 + 28     # regional (a takeover in 2021-2023), local
    assert rows["plans"] == rows["partners"]
    assert 5 * rows["plans"] <= rows["plan_indicators"] <= 12 * rows["plans"]


def test_scale1_partners(scale1):
    """Issue 13 item 5: 16 regional partners in every edition, with the documented gaps (demo.REGIONAL_GAPS)
    and changes; 6, 14 and 28 local partners; grants up to about 330 000 zł (regional) and 156 000 zł (local)."""
    con = scale1[3]
    eds = con.execute("""SELECT edition, count(DISTINCT voivodeship), count(*) FROM partners
                         WHERE tier = 'regional' GROUP BY 1 ORDER BY 1""").fetchall()
    assert eds == [("2019-2020", 16, 16), ("2021-2023", 16, 17), ("2024-2026", 16, 16)]
    # regional partners active on each day: 16, except in the three documented gaps (one voivodeship each)
    by_day = dict(con.execute(f"""
        SELECT d, count(p.partner_id)
        FROM (SELECT unnest(range(DATE '2019-01-01', DATE '{END}' + 1, INTERVAL 1 DAY))::DATE AS d)
        LEFT JOIN partners p ON p.tier = 'regional' AND p.start_date <= d AND (p.end_date IS NULL OR d <= p.end_date)
        GROUP BY d""").fetchall())
    gaps = sorted(str(d) for d, n in by_day.items() if n != 16)
    assert {by_day[d] for d in by_day if str(d) in gaps} == {15}
    expected = [str(demo._date(x)) for lo, hi in (("2019-01-01", "2019-03-31"), ("2022-04-01", "2022-06-30"),
                                                   ("2024-01-01", "2024-02-29"))
                for x in range(demo._day(lo), demo._day(hi) + 1)]
    assert gaps == expected
    # the 2021-2023 gap: a partner withdrew, a different organisation took over (a -B row)
    takeover = con.execute("""SELECT partner_id, start_date, name FROM partners WHERE tier = 'regional'
                              AND edition = '2021-2023' AND voivodeship IN (SELECT voivodeship FROM partners
                              WHERE edition = '2021-2023' AND tier = 'regional' GROUP BY 1 HAVING count(*) = 2)
                              ORDER BY start_date""").fetchall()
    assert len(takeover) == 2 and takeover[1][0].endswith("-2021-B") and str(takeover[1][1]) == "2022-07-01"
    assert takeover[0][2] != takeover[1][2]
    # a partner replaced between editions: three voivodeships change organisation at an edition's start
    changes = one(con, """SELECT count(*) FROM (
        SELECT voivodeship, edition, name, lag(name) OVER (PARTITION BY voivodeship ORDER BY start_date) AS before,
               lag(edition) OVER (PARTITION BY voivodeship ORDER BY start_date) AS before_edition
        FROM partners WHERE tier = 'regional') WHERE before_edition <> edition AND before <> name""")
    assert changes == 3
    current = demo.EDITIONS[-1][0]
    ends = con.execute(f"SELECT DISTINCT coalesce(CAST(end_date AS VARCHAR), '') FROM partners "
                       f"WHERE tier = 'regional' AND edition = '{current}'").fetchall()
    assert {e for (e,) in ends} == {"", f"{demo.EDITIONS[-1][2]}-12-31"}
    # grants: regional up to about 330 000 zł, local up to 156 000 zł
    grants = {t: (lo, hi) for t, lo, hi in con.execute(
        "SELECT tier, min(grant_pln), max(grant_pln) FROM partners GROUP BY 1").fetchall()}
    assert 300_000 <= grants["regional"][1] <= 330_000 and grants["regional"][0] > 50_000
    assert 140_000 <= grants["local"][1] <= 156_000 and grants["local"][0] >= 50_000
    # local partners: 6, 14, 28 by edition; 25-32 working (with an active area) in 2025 and at the data date
    assert con.execute("SELECT edition, count(*) FROM partners WHERE tier = 'local' GROUP BY 1 ORDER BY 1").fetchall() \
        == [("2019-2020", 6), ("2021-2023", 14), ("2024-2026", 28)]

    def working(d: str) -> int:
        return one(con, f"""SELECT count(DISTINCT partner_id) FROM partners p JOIN partner_areas a USING (partner_id)
                            WHERE p.start_date <= DATE '{d}' AND (p.end_date IS NULL OR DATE '{d}' <= p.end_date)
                              AND a.valid_from <= DATE '{d}' AND (a.valid_to IS NULL OR DATE '{d}' <= a.valid_to)""")
    assert working("2020-06-30") < working("2022-06-30") < working("2025-06-30")
    assert 25 <= working("2025-06-30") <= 32 and 25 <= working(END) <= 32
    # some carry on an earlier edition's partner (same name, a new row)
    assert one(con, "SELECT count(*) FROM (SELECT name FROM partners WHERE tier = 'local' GROUP BY 1 "
                    "HAVING count(DISTINCT edition) > 1)") >= 4
    n_local = one(con, "SELECT count(*) FROM partners WHERE tier = 'local'")
    per = con.execute("SELECT partner_id, count(DISTINCT powiat) FROM partner_areas GROUP BY 1").fetchall()
    assert len(per) == n_local and all(1 <= n <= 5 for _, n in per)
    assert {n for _, n in per} == {1, 2, 3, 4, 5}
    outside = one(con, "SELECT count(*) FROM partner_areas a JOIN partners p USING (partner_id) "
                       "WHERE left(a.powiat, 2) <> p.voivodeship")
    assert 1 <= outside <= 2
    explicit = one(con, "SELECT avg((valid_from IS NOT NULL OR valid_to IS NOT NULL)::INT) FROM typed_partner_areas")
    assert 0.05 < explicit < 0.5
    # areas changing mid-edition: added after the partner's start, dropped before its end
    assert one(con, "SELECT count(*) FROM partner_areas a JOIN partners p USING (partner_id) "
                    "WHERE a.valid_from > p.start_date") >= 3
    assert one(con, "SELECT count(*) FROM partner_areas a JOIN partners p USING (partner_id) "
                    "WHERE a.valid_to < coalesce(p.end_date, DATE '9999-12-31')") >= 3


def test_scale1_coalitions(scale1):
    con = scale1[3]
    sizes = [n for (n,) in con.execute("SELECT count(DISTINCT member_id) FROM coalition_members GROUP BY coalition_id").fetchall()]
    assert len(sizes) == one(con, "SELECT count(*) FROM coalitions") and min(sizes) >= 5 and max(sizes) <= 25
    assert one(con, "SELECT count(*) FROM coalitions WHERE dissolved_on IS NOT NULL") > 5
    assert one(con, "SELECT count(*) FROM coalitions WHERE partner_id IS NOT NULL") > 30
    assert one(con, "SELECT count(*) FROM coalitions WHERE partner_id IS NULL") > 10
    assert one(con, "SELECT count(*) FROM coalition_members WHERE left_on IS NOT NULL") > 50
    assert one(con, "SELECT avg((joined_on IS NULL)::INT) FROM typed_coalition_members") > 0.5
    assert {t for (t,) in con.execute("SELECT DISTINCT member_type FROM coalition_members").fetchall()} == \
        set(schema.MEMBER_SECTORS)
    # members' sector spread: some coalitions span 3+ sectors, some do not
    spans = [n for (n,) in con.execute(f"""SELECT count(DISTINCT s.sector) FROM coalition_members m
        JOIN (SELECT unnest(map_keys(m)) AS member_type, unnest(map_values(m)) AS sector
              FROM (SELECT MAP {{{', '.join(f"{_q(k)}: {_q(v)}" for k, v in schema.MEMBER_SECTORS.items())}}} AS m)) s
        USING (member_type) GROUP BY coalition_id""").fetchall()]
    assert any(n >= 3 for n in spans) and any(n < 3 for n in spans)
    # more coalitions where local partners work
    covered = one(con, "SELECT avg((powiat IN (SELECT powiat FROM partner_areas))::INT) FROM coalitions")
    share = one(con, "SELECT count(DISTINCT powiat) FROM partner_areas") / 380
    assert covered > 2 * share


def test_scale1_plans(scale1):
    con = scale1[3]
    statuses = dict(con.execute("SELECT status, count(*) FROM plans GROUP BY 1").fetchall())
    assert set(statuses) == set(schema.PLAN_STATUSES)
    assert statuses["draft"] + statuses["abandoned"] < 0.3 * sum(statuses.values())
    # level follows the partner: one plan per partner
    assert one(con, "SELECT count(DISTINCT partner_id) FROM plans") == one(con, "SELECT count(*) FROM partners")
    per_plan = [n for (n,) in con.execute("SELECT count(*) FROM plan_indicators GROUP BY plan_id").fetchall()]
    assert min(per_plan) >= 5 and max(per_plan) <= 12
    assert one(con, "SELECT count(*) FROM plan_indicators WHERE code = 'custom'") > 5
    assert one(con, "SELECT count(*) FROM plan_indicators WHERE target < baseline") >= 1
    assert {w for (w,) in con.execute("SELECT DISTINCT weight FROM plan_indicators").fetchall()} == {1.0, 2.0, 3.0}
    assert one(con, "SELECT min(baseline) FROM plan_indicators") >= 0
    # a counted plan with no progress at all; reports on 06-30 / 12-31
    assert one(con, """SELECT count(*) FROM plans WHERE status IN ('adopted', 'in_progress', 'completed')
                       AND plan_id NOT IN (SELECT plan_id FROM plan_progress)""") >= 1
    assert {d for (d,) in con.execute("SELECT DISTINCT strftime(reported_on, '%m-%d') FROM plan_progress").fetchall()} \
        == {"06-30", "12-31"}
    # some plans ahead of schedule, some lagging (last reported progress vs elapsed share)
    pace = [r[0] for r in con.execute("""
        WITH last AS (SELECT plan_id, indicator_id, arg_max(achieved, reported_on) AS a, max(reported_on) AS d
                      FROM plan_progress GROUP BY ALL)
        SELECT avg(least(greatest((a - i.baseline) / (i.target - i.baseline), 0), 1))
               / ((max(d) - p.period_start) / (p.period_end - p.period_start))
        FROM last JOIN plan_indicators i USING (plan_id, indicator_id) JOIN plans p USING (plan_id)
        GROUP BY plan_id, p.period_start, p.period_end""").fetchall()]
    assert min(pace) < 0.75 and max(pace) >= 1.0
    # plans per edition and level: earlier editions' plans have ended by the data date (the Plans
    # page's ended plans), every counted plan of the current edition is running at it
    per = con.execute(f"""SELECT edition, tier, count(*), count(*) FILTER (WHERE period_end < DATE '{END}'),
                                 count(*) FILTER (WHERE status IN ('adopted', 'in_progress', 'completed')
                                                   AND period_start <= DATE '{END}' AND DATE '{END}' <= period_end)
                          FROM plans JOIN partners USING (partner_id) GROUP BY ALL ORDER BY 1, 2""").fetchall()
    assert [(e, t, n) for e, t, n, _, _ in per] == [
        ("2019-2020", "local", 6), ("2019-2020", "regional", 16), ("2021-2023", "local", 14),
        ("2021-2023", "regional", 17), ("2024-2026", "local", 28), ("2024-2026", "regional", 16)]
    assert all(ended == n and running == 0 for e, _, n, ended, running in per if e != "2024-2026")
    assert all(ended == 0 and running >= 0.75 * n for e, _, n, ended, running in per if e == "2024-2026")
    # final outcomes of earlier editions: mostly completed
    assert one(con, f"SELECT avg((status = 'completed')::INT) FROM plans WHERE period_end < DATE '{END}'") > 0.6
    # a partner that withdrew half a year or more before its edition's end abandoned its plan
    withdrew = "end_date < make_date(CAST(split_part(edition, '-', 2) AS INT), 12, 31) - INTERVAL 180 DAY"
    assert one(con, f"""SELECT count(*) FROM plans JOIN partners USING (partner_id)
                        WHERE {withdrew} AND status NOT IN ('abandoned', 'draft')""") == 0
    assert one(con, f"""SELECT count(*) FROM plans JOIN partners USING (partner_id)
                        WHERE {withdrew} AND status = 'abandoned'""") >= 3     # 2021-2023 takeover, 2 local


def test_scale1_task_teams(scale1):
    """Contract v1.1 task teams: 6-10 teams in the contract's fields, 3-12 partners each, some
    memberships ended, a dissolved team, partners of both tiers, members active at DATA_END."""
    con = scale1[3]
    n = one(con, "SELECT count(*) FROM task_teams")
    assert 6 <= n <= 10
    areas = {a for (a,) in con.execute("SELECT DISTINCT area FROM task_teams").fetchall()}
    assert {"training", "promotion"} <= areas <= set(schema.TASK_TEAM_AREAS) and len(areas) >= 6
    sizes = [k for (k,) in con.execute("SELECT count(DISTINCT partner_id) FROM task_team_members GROUP BY team_id").fetchall()]
    assert len(sizes) == n and min(sizes) >= 3 and max(sizes) <= 12
    assert one(con, "SELECT count(*) FROM task_teams WHERE dissolved_on IS NOT NULL") >= 1
    assert one(con, "SELECT count(*) FROM task_team_members WHERE left_on IS NOT NULL") >= 3
    assert one(con, "SELECT count(*) FROM typed_task_team_members WHERE joined_on IS NULL") >= 5   # the default
    assert one(con, "SELECT count(DISTINCT tier) FROM task_team_members JOIN partners USING (partner_id)") == 2
    active = one(con, f"""SELECT count(DISTINCT m.partner_id) FROM task_team_members m JOIN task_teams t USING (team_id)
                          JOIN partners p USING (partner_id)
                          WHERE m.joined_on <= DATE '{END}' AND (m.left_on IS NULL OR DATE '{END}' < m.left_on)
                            AND (t.dissolved_on IS NULL OR DATE '{END}' < t.dissolved_on)
                            AND p.start_date <= DATE '{END}' AND (p.end_date IS NULL OR DATE '{END}' <= p.end_date)""")
    assert active >= 10


def test_scale1_people(scale1):
    con = scale1[3]
    assert one(con, "SELECT count(DISTINCT powiat) FROM volunteers") == 380
    # by population: Warszawa has the most volunteers
    assert one(con, "SELECT powiat FROM volunteers GROUP BY 1 ORDER BY count(*) DESC LIMIT 1") == "1465"
    years = dict(con.execute("SELECT year(registered_on), count(*) FROM volunteers GROUP BY 1").fetchall())
    assert min(years) == 2019 and max(years) == 2026 and years[2025] > years[2020] > 0
    assert one(con, "SELECT max(registered_on) FROM volunteers") <= demo.DATA_END
    assert 0.8 < one(con, "SELECT avg((birth_year BETWEEN 1950 AND 2010)::INT) FROM volunteers "
                          "WHERE birth_year IS NOT NULL") <= 1
    sexes = dict(con.execute("SELECT sex, count(*) FROM volunteers GROUP BY 1").fetchall())
    assert set(sexes) == {"F", "M", "X", "U"} and sexes["F"] > sexes["M"] > sexes["U"] > sexes["X"]
    assert 0.15 < one(con, "SELECT avg((ks_member_since IS NOT NULL)::INT) FROM volunteers") < 0.5
    assert 0.05 < one(con, "SELECT avg((recruited_by IS NOT NULL)::INT) FROM volunteers") < 0.5
    # MPW certificates: demo.MPW_CERTIFICATES (190) x scale by the data date, about 170-210 at scale 1
    assert one(con, f"SELECT count(*) FROM organisers WHERE mpw_certified_on <= DATE '{END}'") == 190
    assert one(con, "SELECT min(year(mpw_certified_on)) FROM organisers") == 2021
    assert 0.35 < one(con, "SELECT avg((base_partner_id IS NOT NULL)::INT) FROM organisers") < 0.65
    assert {t for (t,) in con.execute("SELECT DISTINCT type FROM organisers").fetchall()} == \
        set(schema.TABLES_BY_NAME["organisers"].column("type").enum)
    # hours: fractional values, partial and missing confirmations, organiser mostly in the volunteer's powiat
    assert one(con, "SELECT count(*) FROM hours WHERE hours_logged <> floor(hours_logged)") > 1000
    assert one(con, "SELECT count(*) FROM hours WHERE hours_confirmed BETWEEN 0.01 AND hours_logged - 0.01") > 1000
    assert one(con, "SELECT count(*) FROM hours WHERE hours_confirmed = 0") > 1000
    same = one(con, """SELECT avg((v.powiat = o.powiat)::INT) FROM hours h
                       JOIN volunteers v USING (volunteer_id) JOIN organisers o USING (organiser_id)""")
    assert 0.6 < same < 0.95
    months = con.execute("SELECT min(month), max(month) FROM hours").fetchone()
    assert str(months[0]) == "2019-01-01" and str(months[1]) == "2026-06-01"
    types = [t for (t,) in con.execute("SELECT type FROM activities GROUP BY 1 ORDER BY count(*) DESC").fetchall()]
    assert set(types) == set(schema.ACTIVITY_TYPES) and set(types[:2]) == {"training", "local_project"}
    assert one(con, "SELECT min(participants) FROM activities") >= 0
    assert one(con, "SELECT min(date) FROM activities").year == 2019
    assert one(con, "SELECT max(date) FROM activities") <= demo.DATA_END


def test_scale1_activities(scale1):
    """Issue 13 item 5: realistic audiences and sectors. Network meetings mostly by regional partners,
    counselling mostly for organisers, trainings for every audience, institution programmes with their
    sector, promotion and contests in every year, coalition meetings only for coalitions their partner
    supports, dates spread over 2019 to the data date."""
    con = scale1[3]
    by_tier = dict(con.execute("""SELECT type, avg((tier = 'regional')::INT) FROM activities
                                  JOIN partners USING (partner_id) GROUP BY 1""").fetchall())
    assert by_tier["network_meeting"] > 0.75
    assert by_tier["local_project"] < 0.4                                 # local partners' own work
    counselling = dict(con.execute("SELECT coalesce(audience, '-'), count(*) FROM activities "
                                   "WHERE type = 'counselling' GROUP BY 1").fetchall())
    assert counselling["organisers"] > 0.6 * sum(counselling.values())
    training = dict(con.execute("SELECT audience, count(*) FROM activities WHERE type = 'training' "
                                "AND audience IS NOT NULL GROUP BY 1").fetchall())
    total = sum(training.values())
    assert all(training[a] > 0.1 * total for a in ("volunteers", "coordinators", "organisers", "school"))
    sectors = dict(con.execute("SELECT sector, count(*) FROM activities WHERE type = 'institution_programme' "
                               "GROUP BY 1").fetchall())
    assert set(sectors) == {"social_welfare", "culture", "sport", "education", "health", "other"}
    assert sectors["social_welfare"] > sectors["other"]
    years = dict(con.execute("SELECT year(date), count(*) FROM activities GROUP BY 1").fetchall())
    assert sorted(years) == list(range(2019, 2027)) and min(years.values()) > 0.05 * 4_000
    for kinds in ("'promotion', 'contest'", "'network_meeting'", "'institution_programme'"):
        assert one(con, f"SELECT count(DISTINCT year(date)) FROM activities WHERE type IN ({kinds})") == 8, kinds
    assert one(con, "SELECT count(DISTINCT year(date)) FROM activities WHERE audience = 'organisers' "
                    "AND type IN ('training', 'counselling')") == 8            # organiser_support
    # coalition meetings: at the seat of a coalition the partner supports, while that coalition is active
    meetings = one(con, "SELECT count(*) FROM activities WHERE type = 'coalition_meeting'")
    assert meetings > 100
    assert one(con, """SELECT count(*) FROM activities a WHERE type = 'coalition_meeting' AND NOT EXISTS (
                         SELECT 1 FROM coalitions c WHERE c.partner_id = a.partner_id AND c.powiat = a.powiat
                           AND c.founded_on <= a.date AND (c.dissolved_on IS NULL OR a.date < c.dissolved_on))""") == 0


def test_tiny_scale_is_valid(tmp_path):
    rows = demo.generate(tmp_path, scale=0.001, seed=3)
    assert rows["volunteers"] == 40 and rows["organisers"] == 4 and rows["activities"] == 4
    con = load(tmp_path, "csv")
    assert check_contract(con) == []


def test_bad_arguments(tmp_path):
    with pytest.raises(ValueError):
        demo.generate(tmp_path, fmt="xlsx")
    for scale in (0, -1, float("nan")):
        with pytest.raises(ValueError):
            demo.generate(tmp_path, scale=scale)
    with pytest.raises(ValueError):
        demo.generate(tmp_path, seed=-1)


def test_imports_without_errors(small, tmp_path):
    for fmt in demo.FORMATS:
        result = import_source(small[0] / fmt, tmp_path / f"{fmt}.duckdb")
        assert result.ok, [str(e) for e in result.errors][:10]
        assert not result.errors
        con = duckdb.connect(str(tmp_path / f"{fmt}.duckdb"), read_only=True)
        for t, n in small[1][fmt].items():
            assert one(con, f"SELECT count(*) FROM {t}") == n
        con.close()


def test_checks_catch_broken_rows(small, tmp_path):
    """The validator above is not vacuous: break a few rules in a copy and each one is reported."""
    src = small[0] / "csv"
    for p in src.iterdir():
        (tmp_path / p.name).write_bytes(p.read_bytes())

    def append(table: str, line: str) -> None:
        with open(tmp_path / f"{table}.csv", "a", encoding="utf-8") as f:
            f.write(line + "\n")

    first_partner = (src / "partners.csv").read_text(encoding="utf-8").split("\n")[1]
    append("partners", first_partner)                                        # duplicated key
    append("hours", "V000001,NO-SUCH-ORGANISER,2020-01,5,6")                 # FK + confirmed > logged
    append("coalitions", "KX,Koalicja,0201,,2022-05-01,2022-01-01,true")     # dissolved before founded
    append("volunteers", "V999999,9999,2020-01-01,2000,F,,")                 # TERYT not in the register
    append("plan_progress", "PLAN-001,W99,2020-06-30,1,true")                # composite FK
    problems = "\n".join(check_contract(load(tmp_path, "csv")))
    for label in ("partners key", "hours.organiser_id -> organisers.organiser_id",
                  "hours check hours_confirmed <= hours_logged", "coalitions check dissolved_on",
                  "volunteers.powiat teryt", "plan_progress ('plan_id', 'indicator_id') -> plan_indicators"):
        assert label in problems, label
