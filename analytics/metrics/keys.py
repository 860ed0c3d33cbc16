"""Record keys for the cell-key method (data contract section 4; the method: access/cellkey.py).

A record key is a 32-bit integer from a keyed hash of a record's id with the installation secret:
the first 32 bits of SHA-256(secret + ":" + id). The engine (indicators.py) sums the keys of the
records each protected cell counts when it is asked for keys; the sum modulo 2^32 is the cell key.
The secret is always a query parameter ($ck_secret), never part of the SQL text.
"""
from __future__ import annotations

KEY_BITS = 32
KEY_SPACE = 1 << KEY_BITS
SECRET_PARAM = "ck_secret"


def record_key_sql(id_expr: str) -> str:
    """DuckDB SQL for the record key of an id: an integer in [0, 2^32)."""
    return f"('0x' || left(sha256(${SECRET_PARAM} || ':' || ({id_expr})::VARCHAR), 8))::UBIGINT"


def cell_key_sql(sum_expr: str) -> str:
    """DuckDB SQL reducing a sum of record keys (NULL: no records) to the cell key in [0, 2^32)."""
    return f"(coalesce({sum_expr}, 0)::HUGEINT % {KEY_SPACE})::UBIGINT"
