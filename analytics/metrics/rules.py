"""The "active at D" rules of data contract section 3, written once as SQL fragments.

Every query that asks whether a partner, a partner area, a coalition or a membership is active on a
date builds its condition here - the indicator engine and the monthly trends
(analytics/metrics/indicators.py), partners' areas (analytics/metrics/areas.py), coalition lists
(analytics/metrics/details.py) and a partner's own area (analytics/access/scope.py) - so they cannot
drift apart. The rules:

  partners, partner areas     start <= D and (end empty or D <= end)    end inclusive
  coalitions, memberships     start <= D and (end empty or D <  end)    end exclusive
  task teams, team members    start <= D and (end empty or D <  end)    end exclusive (v1.1)
  a partner area counts only when its partner is active at D as well; a task-team membership only
  when its team and its partner are active at D as well.

The importer fills an area's empty valid_from / valid_to from its partner's start_date / end_date and a
membership's empty joined_on from its coalition's (or task team's) founded_on (schema.DEFAULT_RULES); the fragments
apply the same defaults, so a row built by hand without them reads the same.

Each function returns SQL text. `d` is the SQL for the date: the named parameter `$d` (the default,
the one parameter style of analytics/) or a column, such as `dts.d` - the per-slot date of the
engine's dates relation, which is how the same rule serves one as-of date and a monthly series. The
other arguments are the table aliases used in the surrounding query.
"""
from __future__ import annotations


def partner_active(p: str = "p", d: str = "$d") -> str:
    """The partnership runs at d (end inclusive)."""
    return f"({p}.start_date <= {d} AND ({p}.end_date IS NULL OR {d} <= {p}.end_date))"


def area_valid(a: str = "a", p: str = "p", d: str = "$d") -> str:
    """The partner_areas row `a` (of partner `p`) is valid at d; its empty dates are its partner's."""
    start, end = f"coalesce({a}.valid_from, {p}.start_date)", f"coalesce({a}.valid_to, {p}.end_date)"
    return f"({start} <= {d} AND ({end} IS NULL OR {d} <= {end}))"


def partner_area_active(a: str = "a", p: str = "p", d: str = "$d") -> str:
    """A partner area counts at d: the area row and its partner both active."""
    return f"({partner_active(p, d)} AND {area_valid(a, p, d)})"


def coalition_active(c: str = "c", d: str = "$d") -> str:
    """The coalition exists at d (dissolution date exclusive)."""
    return f"({c}.founded_on <= {d} AND ({c}.dissolved_on IS NULL OR {d} < {c}.dissolved_on))"


def membership_active(m: str = "m", d: str = "$d") -> str:
    """The membership runs at d (leaving date exclusive); an empty joined_on means since the coalition
    was founded, which the active coalition it is joined with already guarantees."""
    return f"(({m}.joined_on IS NULL OR {m}.joined_on <= {d}) AND ({m}.left_on IS NULL OR {d} < {m}.left_on))"


def task_team_active(t: str = "t", d: str = "$d") -> str:
    """The task team exists at d (dissolution date exclusive, as for coalitions)."""
    return f"({t}.founded_on <= {d} AND ({t}.dissolved_on IS NULL OR {d} < {t}.dissolved_on))"


def task_team_membership_active(m: str = "tm", d: str = "$d") -> str:
    """A partner's task-team membership runs at d (start <= d < end, contract section 3 v1.1); an empty
    joined_on means since the team was founded. The same rule as a coalition membership."""
    return membership_active(m, d)


# --- relations -------------------------------------------------------------------------------------
# `over`: a dates relation with a `slot` column (the engine's `dts`); the relation then holds one set of
# rows per slot, each at that slot's date `d` (pass d="dts.d").

def local_partner_areas(d: str = "$d", over: str | None = None) -> str:
    """SQL relation ([slot,] partner_id, powiat): the areas of local partners active at d."""
    slot = f"{over}.slot, " if over else ""
    join = f" CROSS JOIN {over}" if over else ""
    return (f"SELECT DISTINCT {slot}a.partner_id, a.powiat "
            f"FROM partner_areas a JOIN partners p USING (partner_id){join} "
            f"WHERE p.tier = 'local' AND {partner_area_active('a', 'p', d)}")


def regional_partners(d: str = "$d", over: str | None = None) -> str:
    """SQL relation ([slot,] partner_id, voivodeship): regional partners active at d, with their seat."""
    slot = f"{over}.slot, " if over else ""
    join = f" CROSS JOIN {over}" if over else ""
    return (f"SELECT {slot}p.partner_id, p.voivodeship FROM partners p{join} "
            f"WHERE p.tier = 'regional' AND {partner_active('p', d)}")


def partner_powiats(d: str = "$d", over: str | None = None) -> str:
    """SQL relation ([slot,] partner_id, powiat): where each partner works at d - a local partner in
    the powiats of its active areas, a regional partner in every powiat of its voivodeship. A partner
    not active at d works nowhere. (Access scope's "own area"; a partner counted where it works.)"""
    slot = "r.slot, " if over else ""
    return (f"{local_partner_areas(d, over)} UNION "
            f"SELECT {slot}r.partner_id, u.teryt AS powiat FROM ({regional_partners(d, over)}) r "
            f"JOIN units u ON u.level = 'powiat' AND u.voivodeship_teryt = r.voivodeship")


def task_team_partners(d: str = "$d", over: str | None = None) -> str:
    """SQL relation ([slot,] partner_id): distinct partners active at d with a task-team membership
    active at d in a team active at d (contract section 3 v1.1, partners_in_task_teams)."""
    slot = f"{over}.slot, " if over else ""
    join = f" CROSS JOIN {over}" if over else ""
    return (f"SELECT DISTINCT {slot}tm.partner_id FROM task_team_members tm "
            f"JOIN task_teams t USING (team_id) JOIN partners p ON p.partner_id = tm.partner_id{join} "
            f"WHERE {task_team_active('t', d)} AND {task_team_membership_active('tm', d)} "
            f"AND {partner_active('p', d)}")
