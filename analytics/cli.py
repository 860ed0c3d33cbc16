"""Command line, as data contract section 5 (stable: scripts and schedulers call it).

Exit status: 0 success; 1 invalid input (report on stderr, nothing changed); 2 usage error.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path


class UsageError(Exception):
    pass


class InvalidInput(Exception):
    """Input the command cannot use (exit 1, the message on stderr)."""


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {value!r}") from None


def _open_db(path: str):
    from analytics.data import db
    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"database not found: {p} (build it with: python -m analytics import SRC --db {p})")
    return db.connect_readonly(p)


def cmd_demo(args) -> int:
    from analytics.data import demo
    rows = demo.generate(args.out, scale=args.scale, seed=args.seed, fmt=args.format)
    for table, n in rows.items():
        print(f"  {table:<18} {n:>10,}".replace(",", " "))
    print(f"demo data written to {args.out}")
    return 0


def cmd_import(args) -> int:
    from analytics.data.importer import import_source
    if args.wait < 0:
        raise UsageError("--wait must be 0 or more seconds")
    result = import_source(args.src, args.db, wait=args.wait)
    if result.failure:  # not the input's fault (busy, disk full, read-only): one line says it all
        print(f"error: {result.failure}", file=sys.stderr)
        return 1
    if result.warning_count:
        print(result.report.format("warning", max_lines=args.max_lines), file=sys.stderr)
    if not result.ok:
        print(result.report.format("error", max_lines=args.max_lines), file=sys.stderr)
        print(result.summary(), file=sys.stderr)
        return 1
    print(result.summary())
    return 0


def _period(args):
    if (args.period_start is None) != (args.period_end is None):
        raise UsageError("--period-start and --period-end go together")
    if args.period_start and args.period_end < args.period_start:
        raise UsageError("--period-end is before --period-start")
    return (args.period_start, args.period_end) if args.period_start else None


def _read_areas(path: str) -> dict[str, list[str]]:
    from analytics.data import readers, reference
    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"areas file not found: {p}")
    try:
        areas, warnings = readers.read_areas(p, reference.powiat_codes())
    except readers.UnreadableFile as e:
        raise InvalidInput(f"the areas file cannot be used:\n{e}") from None
    for w in warnings:
        print(f"warning: {w}", file=sys.stderr)
    return areas


def cmd_indicators(args) -> int:
    from analytics.access import scope
    period = _period(args)
    areas = _read_areas(args.areas) if args.areas else None
    con = _open_db(args.db)
    if areas is not None:
        frame = scope.area_csv_frame(con, areas, as_of=args.as_of, period=period, suppress=args.suppress)
    else:
        frame = scope.indicator_csv_frame(con, args.level, as_of=args.as_of, period=period,
                                          suppress=args.suppress)
    frame.to_csv(args.out, index=False)
    print(f"{len(frame)} rows written to {args.out}")
    return 0


def cmd_plans(args) -> int:
    from analytics.metrics import plans
    con = _open_db(args.db)
    frame = plans.plan_csv_frame(con, as_of=args.as_of)
    frame.to_csv(args.out, index=False)
    print(f"{len(frame)} plans written to {args.out}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    from analytics import __version__
    p = argparse.ArgumentParser(prog="python -m analytics", description="KS Atlas data tools")
    p.add_argument("--version", action="version", version=f"ks-atlas {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    d = sub.add_parser("demo", help="write a synthetic input folder")
    d.add_argument("--out", required=True)
    d.add_argument("--scale", type=float, default=1.0)
    d.add_argument("--seed", type=int, default=2026)
    d.add_argument("--format", choices=("csv", "parquet"), default="csv")
    d.set_defaults(func=cmd_demo)

    i = sub.add_parser("import", help="validate SRC and build the database atomically")
    i.add_argument("src", help="a folder with one file per table, or one .xlsx or .ods workbook")
    i.add_argument("--db", required=True)
    i.add_argument("--wait", type=float, default=60.0,
                   help="seconds to wait while another import holds the database (default 60)")
    i.add_argument("--max-lines", type=int, default=200, help="report lines shown per severity")
    i.set_defaults(func=cmd_import)

    ind = sub.add_parser("indicators", help="one row per unit (teryt, name, <codes>) or per area (area_id, <codes>)")
    ind.add_argument("--db", required=True)
    what = ind.add_mutually_exclusive_group(required=True)
    what.add_argument("--level", choices=("powiat", "voivodeship", "country"))
    what.add_argument("--areas", metavar="AREAS.csv",
                      help="areas to compute instead of a level: columns area_id, powiat (one row per powiat)")
    ind.add_argument("--as-of", type=_date)
    ind.add_argument("--period-start", type=_date)
    ind.add_argument("--period-end", type=_date)
    ind.add_argument("--suppress", action="store_true")
    ind.add_argument("--out", required=True)
    ind.set_defaults(func=cmd_indicators)

    pl = sub.add_parser("plans", help="one row per plan")
    pl.add_argument("--db", required=True)
    pl.add_argument("--as-of", type=_date)
    pl.add_argument("--out", required=True)
    pl.set_defaults(func=cmd_plans)

    from analytics.access import auth
    from analytics.present import report
    report.add_cli(sub)  # report --db FILE --out report.zip ...
    auth.add_cli(sub)  # users add | passwd | list | remove | unlock
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)  # exits 2 on a usage error
    try:
        return args.func(args)
    except UsageError as e:
        parser.print_usage(sys.stderr)
        print(f"error: {e}", file=sys.stderr)
        return 2
    except (FileNotFoundError, InvalidInput) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
