"""The cell-key method's parts (analytics/access/cellkey.py): the perturbation table's properties,
the hours factor, record keys in DuckDB, and the installation secret file."""
from __future__ import annotations

import hashlib
import os
import stat

import duckdb
import pytest

from analytics.access import cellkey as ck


def test_every_row_of_the_table_has_mean_zero_and_sums_to_one():
    for n, row in ck.PTABLE.items():
        assert sum(row) == pytest.approx(1.0)
        assert sum(p * d for p, d in zip(row, ck.OFFSETS)) == pytest.approx(0.0), n


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 9, 10, 57, 1000])
def test_published_counts_stay_within_two_and_never_below_one(n):
    keys = range(0, ck.KEY_SPACE, ck.KEY_SPACE // 997)  # 998 keys spread over the key space
    out = [ck.perturb_count(n, k) for k in keys]
    assert min(out) >= 1 and all(abs(o - n) <= 2 for o in out)


def test_zero_and_missing_stay_as_they_are():
    assert ck.perturb_count(0, 123456789) == 0
    assert ck.perturb_count(float("nan"), 5) != ck.perturb_count(float("nan"), 5)  # NaN
    assert ck.perturb_hours(0, 99) == 0
    assert ck.perturb_hours(float("nan"), 99) != ck.perturb_hours(float("nan"), 99)


def test_offsets_follow_the_table_over_the_key_space():
    # For n >= 3: d = -2 on [0, 0.2), -1 on [0.2, 0.4), 0 on [0.4, 0.6), +1 on [0.6, 0.8), +2 above.
    def at(frac):
        return ck.offset(50, int(frac * ck.KEY_SPACE))
    assert [at(x) for x in (0.0, 0.199, 0.2001, 0.399, 0.4001, 0.599, 0.6001, 0.799, 0.8001, 0.999999)] == \
        [-2, -2, -1, -1, 0, 0, 1, 1, 2, 2]
    # n = 1 never moves; n = 2 moves by at most one
    assert {ck.offset(1, k) for k in range(0, ck.KEY_SPACE, 1 << 24)} == {0}
    assert {ck.offset(2, k) for k in range(0, ck.KEY_SPACE, 1 << 24)} == {-1, 0, 1}


def test_mean_offset_over_many_cells_is_about_zero():
    n_cells = 20000
    keys = [int.from_bytes(hashlib.sha256(str(i).encode()).digest()[:4], "big") for i in range(n_cells)]
    ds = [ck.offset(12, k) for k in keys]
    assert abs(sum(ds) / n_cells) < 0.03
    assert 0.18 < ds.count(0) / n_cells < 0.22          # 20 % of cells published exact


def test_two_cells_cancel_with_chance_one_fifth():
    # The subtraction attack hits when the noises of the cells it uses cancel: for two cells with
    # independent keys, P(d1 = d2) = 5 x 0.2 x 0.2 = 0.2 (worked out from the table's row).
    row = ck.PTABLE[3]
    assert sum(p * p for p in row) == pytest.approx(0.2)


def test_hours_move_at_most_five_percent_plus_rounding():
    for h in (0.5, 3.0, 17.25, 1234.5, 98765.0):
        for k in range(0, ck.KEY_SPACE, ck.KEY_SPACE // 501):
            p = ck.perturb_hours(h, k)
            assert abs(p - h) <= 0.05 * h + 0.25 + 1e-9
            assert (p * 2) == int(p * 2)                   # a multiple of half an hour


def test_the_hours_factor_is_not_the_count_offset_in_disguise():
    # Over keys that all give d = 0 for counts, m still takes values across its whole range.
    keys = [k for k in range(0, ck.KEY_SPACE, 1 << 20) if ck.offset(20, k) == 0]
    factors = [ck.hours_factor(k) for k in keys]
    assert min(factors) < 0.96 and max(factors) > 1.04


def test_record_keys_in_duckdb_are_the_first_32_bits_of_sha256():
    con = duckdb.connect()
    got = con.execute(f"SELECT {ck.record_key_sql('$id')}", {"ck_secret": "s3cret", "id": "V0001"}).fetchone()[0]
    want = int.from_bytes(hashlib.sha256(b"s3cret:V0001").digest()[:4], "big")
    assert got == want
    other = con.execute(f"SELECT {ck.record_key_sql('$id')}", {"ck_secret": "other", "id": "V0001"}).fetchone()[0]
    assert other != got                                        # the key depends on the secret


def test_the_secret_is_created_once_with_mode_0600(tmp_path):
    p = tmp_path / "sub" / "protection.key"
    first = ck.installation_secret(p)
    assert len(first) == 64 and stat.S_IMODE(os.stat(p).st_mode) == 0o600
    assert ck.installation_secret(p) == first                  # read back, never regenerated


def test_a_secret_readable_by_others_or_empty_is_refused(tmp_path):
    p = tmp_path / "protection.key"
    p.write_text("a" * 64)
    os.chmod(p, 0o644)
    with pytest.raises(PermissionError, match="chmod 600"):
        ck.installation_secret(p)
    os.chmod(p, 0o600)
    p.write_text("")
    with pytest.raises(ValueError):
        ck.installation_secret(p)


def test_the_secret_path_is_configurable(tmp_path):
    assert ck.secret_path({"KS_SECRET_FILE": str(tmp_path / "k")}) == tmp_path / "k"
    cfg = tmp_path / "ks.toml"
    cfg.write_text('[privacy]\nsecret_file = "%s"\n' % (tmp_path / "from-config"))
    assert ck.secret_path({"KS_CONFIG": str(cfg)}) == tmp_path / "from-config"
