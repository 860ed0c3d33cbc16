import itertools

import numpy as np
import pytest

from analytics.present import classify as cl

NAN = float("nan")


# --- quantiles ------------------------------------------------------------------------------------
def test_quantiles_hand_worked():
    x = list(range(1, 11))  # 1..10, 5 classes of two values each; breaks are data values
    c = cl.classify(x, 5, "quantiles")
    assert c.breaks == (1.0, 2.0, 4.0, 6.0, 8.0, 10.0)
    assert c.classes.tolist() == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]
    assert c.counts == (2, 2, 2, 2, 2)
    assert c.k == 5


def test_quantiles_ties_never_straddle_a_break():
    x = [0, 0, 0, 0, 0, 0, 1, 2, 3, 4]
    c = cl.classify(x, 4, "quantiles")
    zero_classes = set(c.classes[:6].tolist())
    assert zero_classes == {0}
    assert c.k <= 4 and c.breaks[0] == 0.0 and c.breaks[-1] == 4.0


# --- equal intervals ----------------------------------------------------------------------------------
def test_equal_interval_hand_worked():
    c = cl.classify([0, 5, 10, 15, 20], 4, "equal_interval")
    assert c.breaks == (0.0, 5.0, 10.0, 15.0, 20.0)
    # right-closed: a value on a break belongs to the lower class, the minimum to the first
    assert c.classes.tolist() == [0, 0, 1, 2, 3]


def test_equal_interval_keeps_empty_classes():
    c = cl.classify([0, 1, 2, 100], 4, "equal_interval")
    assert c.breaks == (0.0, 25.0, 50.0, 75.0, 100.0)
    assert c.counts == (3, 0, 0, 1)


# --- Jenks ------------------------------------------------------------------------------------------
def test_jenks_hand_worked():
    x = [1, 2, 3, 10, 11, 12, 30]
    # k=3: {1,2,3} {10,11,12} {30}: within-class SSD 2 + 2 + 0 = 4, obviously optimal
    c = cl.classify(x, 3, "jenks")
    assert c.breaks == (1.0, 3.0, 12.0, 30.0)
    assert c.classes.tolist() == [0, 0, 0, 1, 1, 1, 2]
    # k=2: {1..12}|{30} has SSD 125.5; the runner-up {1,2,3}|{10,11,12,30} has 274.75
    c2 = cl.classify(x, 2, "jenks")
    assert c2.breaks == (1.0, 12.0, 30.0)


def _brute_force_ssd(v, k):
    v = np.sort(np.asarray(v, float))
    best = np.inf
    for cuts in itertools.combinations(range(1, len(v)), k - 1):
        parts = np.split(v, cuts)
        if any(parts[i][0] == parts[i - 1][-1] for i in range(1, len(parts))):
            continue  # a tie split across classes is not a valid classing by value
        best = min(best, sum(((p - p.mean()) ** 2).sum() for p in parts))
    return best


def test_jenks_matches_exhaustive_search():
    rng = np.random.default_rng(20261123)
    checked = 0
    for _ in range(150):
        n = int(rng.integers(4, 10))
        k = int(rng.integers(2, 5))
        v = rng.integers(0, 25, n).astype(float)
        if np.unique(v).size < k:
            continue
        c = cl.classify(v, k, "jenks")
        assert c.k == k
        ssd = sum(((v[c.classes == i] - v[c.classes == i].mean()) ** 2).sum() for i in range(k))
        assert ssd == pytest.approx(_brute_force_ssd(v, k), abs=1e-9)
        checked += 1
    assert checked > 50


def test_jenks_deterministic_and_fast_enough():
    v = np.random.default_rng(1).gamma(2, 5, 380)
    a = cl.jenks_breaks(v, 9)
    b = cl.jenks_breaks(v[::-1].copy(), 9)
    assert a == b and len(a) == 10
    assert a[0] == v.min() and a[-1] == v.max()


# --- special cases -------------------------------------------------------------------------------------
@pytest.mark.parametrize("method", cl.METHODS)
def test_nan_and_suppressed(method):
    x = [1, 2, NAN, 4, 5, 6, None, 100]
    supp = [False, False, False, False, False, False, False, True]
    c = cl.classify(x, 2, method, suppressed=supp)
    assert c.classes[2] == cl.NO_DATA and c.classes[6] == cl.NO_DATA
    assert c.classes[7] == cl.SUPPRESSED
    assert c.breaks[-1] == 6.0  # the suppressed 100 takes no part in the breaks
    assert c.n_no_data == 2 and c.n_suppressed == 1


@pytest.mark.parametrize("method", cl.METHODS)
def test_all_equal(method):
    c = cl.classify([3, 3, 3], 5, method)
    assert c.k == 1 and c.breaks == (3.0, 3.0)
    assert c.classes.tolist() == [0, 0, 0]
    assert c.labels("pl") == ["3,0"]


@pytest.mark.parametrize("method", cl.METHODS)
def test_fewer_distinct_values_than_classes(method):
    c = cl.classify([1, 1, 2, 2, 2], 5, method)
    assert c.k == 2
    assert c.classes.tolist() == [0, 0, 1, 1, 1]


@pytest.mark.parametrize("method", cl.METHODS)
def test_k_greater_than_n(method):
    c = cl.classify([5, 1, 9], 9, method)
    assert c.k == 3
    assert sorted(c.classes.tolist()) == [0, 1, 2]
    assert c.classes.tolist() == [1, 0, 2]


@pytest.mark.parametrize("method", cl.METHODS)
def test_nothing_valid(method):
    c = cl.classify([NAN, None], 5, method, suppressed=[False, True])
    assert c.k == 0 and c.breaks == () and c.labels("pl") == []
    assert c.classes.tolist() == [cl.NO_DATA, cl.SUPPRESSED]


def test_invalid_arguments():
    with pytest.raises(ValueError):
        cl.classify([1, 2], 1)
    with pytest.raises(ValueError):
        cl.classify([1, 2], 10)
    with pytest.raises(ValueError):
        cl.classify([1, 2], 3, "kmeans")
    with pytest.raises(ValueError):
        cl.classify([1, 2], 2, suppressed=[True])


# --- legends -------------------------------------------------------------------------------------------
def test_legend_labels_exact():
    breaks = [0, 12.5, 25, 37.5, 50]
    assert cl.legend_labels(breaks, "pl") == ["0,0 – 12,5", "12,5 – 25,0", "25,0 – 37,5", "37,5 – 50,0"]
    assert cl.legend_labels(breaks, "en") == ["0.0 – 12.5", "12.5 – 25.0", "25.0 – 37.5", "37.5 – 50.0"]
    assert cl.legend_labels([0, 0.25, 0.5], "pl", "share") == ["0,0% – 25,0%", "25,0% – 50,0%"]
    nb = "\u00a0"
    assert cl.legend_labels([0, 1500, 12000], "pl", "count") == [f"0 – 1{nb}500", f"1{nb}500 – 12{nb}000"]
    assert cl.legend_labels([0, 1500, 12000], "en", "count") == ["0 – 1,500", "1,500 – 12,000"]


def test_legend_labels_whole_numbers_do_not_overlap():
    c = cl.classify([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 2, "quantiles")
    assert c.breaks == (0.0, 4.0, 9.0)
    assert c.labels("pl", "count") == ["0 – 4", "5 – 9"]
    e = cl.classify([1, 2, 3, 10, 11, 12, 30], 3, "equal_interval")  # breaks 1, 10.67, 20.33, 30
    assert e.labels("en", "count") == ["1 – 10", "11 – 20", "21 – 30"]
    assert e.labels("pl", "per_10k") == ["1,0 – 10,7", "10,7 – 20,3", "20,3 – 30,0"]


# --- palettes -------------------------------------------------------------------------------------------
def _is_neutral(color):
    r, g, b = cl._hex_to_rgb(color)
    return max(r, g, b) - min(r, g, b) < 0.02


@pytest.mark.parametrize("palette", sorted(cl.PALETTES))
def test_palettes(palette):
    nd, sp = cl.special_colors(palette)
    assert _is_neutral(nd) and _is_neutral(sp)
    assert cl.contrast_ratio(nd, sp) >= 1.75
    for k in range(cl.MIN_K, cl.MAX_K + 1):
        cols = cl.class_colors(palette, k)
        assert len(cols) == k and len(set(cols)) == k
        for c in cols:
            assert c not in (nd, sp)
            if _is_neutral(c):  # the diverging middle: must not pass for a special class
                assert cl.contrast_ratio(c, nd) >= 1.5 and cl.contrast_ratio(c, sp) >= 1.5
    if palette in cl.SEQUENTIAL:  # light to dark
        lum = [cl.relative_luminance(c) for c in cl.class_colors(palette, 5)]
        assert lum == sorted(lum, reverse=True)


def test_text_contrast_helper():
    assert cl.text_color_for("#081d58") == "#ffffff"
    assert cl.text_color_for("#ffffd9") == "#000000"
    assert cl.contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    for c in cl.CATEGORICAL + tuple(cl.STATUS_COLORS.values()):
        assert cl.contrast_ratio(c, cl.text_color_for(c)) >= 4.5


def test_two_distinct_values_are_labelled_as_themselves():
    # A 0/1 indicator (local partner coverage of powiats): two classes, each one value.
    c = cl.classify([0, 0, 1, 1, 1, 0], k=5, method="quantiles")
    assert c.k == 2
    assert c.labels("pl", "share", 1) == ["0,0%", "100,0%"]
    assert c.labels("en", "count") == ["0", "1"]


def test_class_after_a_single_value_class_reads_above_it():
    # Many zeros: the first quantile class is exactly 0, the next starts above it.
    values = [0, 0, 0, 0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.9]
    c = cl.classify(values, k=3, method="quantiles")
    labels = c.labels("pl", "share", 1)
    assert labels[0] == "0,0%"
    assert labels[1].startswith("> 0,0% – ")
