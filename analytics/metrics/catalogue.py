"""The indicator catalogue: every indicator of data contract section 3, declared once.

Pages, exports, the CLI, suppression (analytics/access/privacy.py), peers and trends read only this
catalogue. Adding an indicator means adding ONE `Indicator` entry below: its metadata plus `sql`,
an SQL expression over the measure columns computed in analytics/metrics/indicators.py (`MEASURES`), and
`measures`, the names of the measure blocks it reads. A brand-new kind of raw data needs a new
measure block (or one more column in a block) there; an indicator derived from existing measures
needs nothing else. Its monthly series (analytics/metrics/trends.py) comes with it.

Field conventions
  unit       count | share (fraction 0-1) | per_10k | per_100k | hours | index (0-1)
  direction  +1 higher is better, -1 lower is better, 0 neutral (ranked by higher value, see peers)
  decimals   display hint: decimals to show; for `share` and `index` the decimals of the PERCENT
             figure (0.1234 with decimals=1 shows as 12.3 %)
  kind       stock (state at the as-of date D) | flow (over the period months) | plan
  group      coverage | coalitions | plans | volunteers | network (page sections)
  sources    input tables the value is computed from; when any SOW table among them was not
             provided, the indicator is empty (None) everywhere
  suppress_with  the person count whose small-cell suppression hides this value (contract s. 4):
             the count itself for counts of people, the underlying count for derived values,
             None for indicators not subject to suppression
  protect    how a protected viewer gets the value (contract s. 4, analytics/access/privacy.py):
             None - exact (not about people); "count" - a count of people, cell-key noise d;
             "hours" - a sum of hours, cell-key factor 1 + m; "scale" - derived from its
             suppress_with count, rescaled by (protected count / exact count); "ratio" - the
             quotient of the two protected codes in `derive_from`
  ckey       for "count" and "hours": SQL over measure columns giving the sum of the record keys
             of the records the cell counts (the engine computes it only when asked for keys)
  derive_from  for "ratio": (numerator code, denominator code)
"""
from __future__ import annotations

from dataclasses import dataclass

from analytics.data import schema

UNITS = ("count", "share", "per_10k", "per_100k", "hours", "index")
KINDS = ("stock", "flow", "plan")
GROUPS = ("coverage", "coalitions", "plans", "volunteers", "network")
# The groups' names are UI strings: analytics/present/i18n keys group.<code> (app.py). This copy is
# read only by app_pages/compare.py until it switches to i18n.t("group." + code, lang); then delete it
# (tests/unit/test_i18n.py checks the two agree meanwhile).


@dataclass(frozen=True)
class Indicator:
    code: str
    label_pl: str
    label_en: str
    definition_pl: str
    definition_en: str
    unit: str
    direction: int
    decimals: int
    kind: str
    group: str
    sql: str                          # expression over measure columns (see analytics/metrics/indicators.py)
    measures: tuple[str, ...]         # measure blocks the expression reads
    sources: tuple[str, ...]          # input tables
    suppress_with: str | None = None  # person count driving suppression
    protect: str | None = None        # None | count | hours | scale | ratio (see the docstring)
    ckey: str | None = None           # record-key sum of the cell's records (count, hours)
    derive_from: tuple[str, ...] = () # ratio: (numerator, denominator)

    @property
    def needs_sow(self) -> bool:
        return any(t in schema.SOW_TABLES for t in self.sources)

    @property
    def sow_sources(self) -> tuple[str, ...]:
        return tuple(t for t in self.sources if t in schema.SOW_TABLES)

    @property
    def optional_sources(self) -> tuple[str, ...]:
        """Source tables an import may leave out (the SOW tables, task teams): without any of them
        the indicator is empty (contract section 1)."""
        return tuple(t for t in self.sources if not schema.TABLES_BY_NAME[t].required)

    def label(self, lang: str = "pl") -> str:
        """The label in lang ('pl' | 'en'; anything else gets the Polish one, as in i18n)."""
        return {"pl": self.label_pl, "en": self.label_en}.get(lang, self.label_pl)

    def definition(self, lang: str = "pl") -> str:
        return {"pl": self.definition_pl, "en": self.definition_en}.get(lang, self.definition_pl)


I = Indicator
_PARTNERS = ("partners", "partner_areas")
_COAL = ("coalitions", "coalition_members")
_PLANS = ("plans", "plan_indicators", "plan_progress", "partners", "partner_areas")

CATALOGUE: tuple[Indicator, ...] = (
    # --- coverage -------------------------------------------------------------------------------
    I("local_partner_coverage", "Pokrycie partnerami lokalnymi", "Local partner coverage",
      "Powiat: 1, gdy działa w nim co najmniej jeden aktywny partner lokalny; województwo i kraj: "
      "odsetek takich powiatów.",
      "Powiat: 1 when at least one active local partner works there; voivodeship and country: the "
      "share of such powiats.",
      "share", +1, 1, "stock", "coverage", "cov.covered_share", ("cov",), _PARTNERS),
    I("regional_partner_presence", "Obecność partnera regionalnego", "Regional partner presence",
      "Województwo: 1, gdy działa w nim aktywny partner regionalny (powiat: wartość jego województwa; "
      "kraj: odsetek województw).",
      "Voivodeship: 1 when an active regional partner works there (powiat: its voivodeship's value; "
      "country: the share of voivodeships).",
      "share", +1, 1, "stock", "coverage", "reg.regional_share", ("reg",), ("partners",)),
    I("population_coverage", "Ludność objęta działaniem partnerów lokalnych", "Population coverage",
      "Odsetek mieszkańców jednostki żyjących w powiatach, w których działa partner lokalny.",
      "The share of the unit's inhabitants living in powiats where a local partner works.",
      "share", +1, 1, "stock", "coverage", "cov.covered_pop / nullif(cov.powiat_pop, 0)", ("cov",),
      _PARTNERS),
    I("active_local_partners", "Aktywni partnerzy lokalni", "Active local partners",
      "Liczba różnych partnerów lokalnych działających w jednostce w dniu stanu danych.",
      "The number of distinct local partners working in the unit on the as-of date.",
      "count", +1, 0, "stock", "coverage", "coalesce(alp.n, 0)", ("alp",), _PARTNERS),
    # --- coalitions -----------------------------------------------------------------------------
    I("coalitions", "Koalicje na rzecz wolontariatu", "Coalitions for volunteering",
      "Liczba działających koalicji z siedzibą w jednostce.",
      "The number of active coalitions seated in the unit.",
      "count", +1, 0, "stock", "coalitions", "coalesce(coal.n, 0)", ("coal",), _COAL),
    I("coalition_density", "Koalicje na 100 tys. mieszkańców", "Coalitions per 100,000 inhabitants",
      "Liczba działających koalicji na 100 tys. mieszkańców.",
      "Active coalitions per 100,000 inhabitants.",
      "per_100k", +1, 2, "stock", "coalitions",
      "coalesce(coal.n, 0) * 100000.0 / nullif(pop.population, 0)", ("coal", "pop"), _COAL),
    I("coalition_members", "Członkowie koalicji", "Coalition members",
      "Liczba różnych członków działających koalicji z siedzibą w jednostce.",
      "The number of distinct current members of the active coalitions seated in the unit.",
      "count", +1, 0, "stock", "coalitions", "coalesce(cmem.n, 0)", ("cmem",), _COAL),
    I("cross_sector_share", "Koalicje międzysektorowe", "Cross-sector coalitions",
      "Odsetek działających koalicji, których aktualni członkowie reprezentują co najmniej 3 z 4 "
      "sektorów.",
      "The share of active coalitions whose current members span at least 3 of the 4 sectors.",
      "share", +1, 1, "stock", "coalitions", "coal.cross_share", ("coal",), _COAL),
    # --- plans ----------------------------------------------------------------------------------
    I("plan_completion_local", "Realizacja lokalnych planów", "Local plan completion",
      "Średni indeks realizacji Lokalnych Planów Rozwoju Wolontariatu obejmujących jednostkę i trwających "
      "w dniu stanu danych.",
      "The mean completion index of the Local Volunteering Development Plans covering the unit and running "
      "on the as-of date.",
      "index", +1, 0, "plan", "plans", "pl.completion_local", ("pl",), _PLANS),
    I("plan_completion_regional", "Realizacja regionalnych planów", "Regional plan completion",
      "Średni indeks realizacji Regionalnych Planów Rozwoju Wolontariatu obejmujących jednostkę i "
      "trwających w dniu stanu danych.",
      "The mean completion index of the Regional Volunteering Development Plans covering the unit and "
      "running on the as-of date.",
      "index", +1, 0, "plan", "plans", "pl.completion_regional", ("pl",), _PLANS),
    I("plans_on_track_share", "Plany realizowane zgodnie z harmonogramem", "Plans on track",
      "Odsetek planów jednostki (obu poziomów) trwających w dniu stanu danych, które mają zielone "
      "światło: realizacja nie mniejsza niż upływ czasu planu.",
      "The share of the unit's plans (both levels) running on the as-of date that have a green light: "
      "completion at least the elapsed share of the plan period.",
      "share", +1, 0, "plan", "plans", "pl.on_track_share", ("pl",), _PLANS),
    # --- volunteers, organisers, activities (SOW) -----------------------------------------------
    I("volunteers_registered", "Wolontariusze zarejestrowani", "Registered volunteers",
      "Liczba wolontariuszy zarejestrowanych w SOW, według powiatu zamieszkania.",
      "The number of volunteers registered in SOW, by powiat of residence.",
      "count", +1, 0, "stock", "volunteers", "coalesce(vol.registered, 0)", ("vol",), ("volunteers",),
      "volunteers_registered", "count", "vol.registered_key"),
    I("volunteers_per_10k", "Wolontariusze na 10 tys. mieszkańców", "Volunteers per 10,000 inhabitants",
      "Zarejestrowani wolontariusze na 10 tys. mieszkańców.",
      "Registered volunteers per 10,000 inhabitants.",
      "per_10k", +1, 1, "stock", "volunteers",
      "coalesce(vol.registered, 0) * 10000.0 / nullif(pop.population, 0)", ("vol", "pop"),
      ("volunteers",), "volunteers_registered", "scale"),
    I("volunteers_active", "Aktywni wolontariusze", "Active volunteers",
      "Liczba wolontariuszy z potwierdzonymi godzinami w okresie, według powiatu zamieszkania.",
      "The number of volunteers with confirmed hours in the period, by powiat of residence.",
      "count", +1, 0, "flow", "volunteers", "coalesce(hrs.active, 0)", ("hrs",),
      ("volunteers", "hours"), "volunteers_active", "count", "hrs.active_key"),
    I("ks_members", "Członkowie Korpusu Solidarności", "Korpus Solidarności members",
      "Liczba wolontariuszy będących członkami Korpusu Solidarności, według powiatu zamieszkania.",
      "The number of volunteers who are Korpus Solidarności members, by powiat of residence.",
      "count", +1, 0, "stock", "volunteers", "coalesce(vol.ks, 0)", ("vol",), ("volunteers",),
      "ks_members", "count", "vol.ks_key"),
    I("hours_confirmed", "Potwierdzone godziny wolontariatu", "Confirmed volunteering hours",
      "Suma potwierdzonych godzin wolontariatu w okresie, według powiatu zamieszkania wolontariusza.",
      "Total confirmed volunteering hours in the period, by the volunteer's powiat of residence.",
      "hours", +1, 0, "flow", "volunteers", "coalesce(hrs.confirmed, 0)", ("hrs",),
      ("volunteers", "hours"), "volunteers_active", "hours", "hrs.confirmed_key"),
    I("confirmation_rate", "Odsetek potwierdzonych godzin", "Hours confirmation rate",
      "Potwierdzone godziny jako odsetek zgłoszonych godzin w okresie.",
      "Confirmed hours as a share of the hours logged in the period.",
      "share", +1, 1, "flow", "volunteers", "hrs.confirmed / nullif(hrs.logged, 0)", ("hrs",),
      ("volunteers", "hours"), "volunteers_active", "ratio", None, ("hours_confirmed", "hours_logged")),
    I("organisers_in_base", "Organizatorzy w lokalnych bazach", "Organisers in local bases",
      "Liczba organizatorów wolontariatu wpisanych do lokalnej bazy partnera, według ich siedziby.",
      "The number of volunteering organisers held in a partner's local base, by their seat.",
      "count", +1, 0, "stock", "volunteers", "coalesce(org.in_base, 0)", ("org",), ("organisers",)),
    I("organisers_per_10k", "Organizatorzy w bazach na 10 tys. mieszkańców",
      "Organisers in bases per 10,000 inhabitants",
      "Organizatorzy w lokalnych bazach na 10 tys. mieszkańców.",
      "Organisers in local bases per 10,000 inhabitants.",
      "per_10k", +1, 2, "stock", "volunteers",
      "coalesce(org.in_base, 0) * 10000.0 / nullif(pop.population, 0)", ("org", "pop"),
      ("organisers",)),
    I("mpw_certified", "Miejsca Przyjazne Wolontariuszom", "Volunteer-Friendly Places",
      "Liczba organizatorów z certyfikatem Miejsce Przyjazne Wolontariuszom.",
      "The number of organisers holding the Volunteer-Friendly Place (MPW) certificate.",
      "count", +1, 0, "stock", "volunteers", "coalesce(org.mpw, 0)", ("org",), ("organisers",)),
    I("public_institutions_engaged", "Zaangażowane instytucje publiczne", "Public institutions engaged",
      "Liczba publicznych organizatorów (pomoc społeczna, kultura, sport, edukacja, zdrowie, inne) "
      "z potwierdzonymi godzinami wolontariuszy w okresie.",
      "The number of public-sector organisers with volunteers' confirmed hours in the period.",
      "count", +1, 0, "flow", "volunteers", "coalesce(pub.n, 0)", ("pub",), ("organisers", "hours")),
    I("trainings", "Szkolenia", "Trainings",
      "Liczba szkoleń przeprowadzonych przez partnerów w okresie, według miejsca szkolenia.",
      "The number of trainings held by partners in the period, by where they took place.",
      "count", +1, 0, "flow", "volunteers", "coalesce(act.trainings, 0)", ("act",), ("activities",)),
    I("training_participants", "Uczestnicy szkoleń", "Training participants",
      "Łączna liczba uczestników szkoleń w okresie.",
      "The total number of training participants in the period.",
      "count", +1, 0, "flow", "volunteers", "coalesce(act.participants, 0)", ("act",),
      ("activities",), "training_participants", "count", "act.participants_key"),
    I("trainings_per_100k", "Szkolenia na 100 tys. mieszkańców", "Trainings per 100,000 inhabitants",
      "Liczba szkoleń w okresie na 100 tys. mieszkańców.",
      "Trainings in the period per 100,000 inhabitants.",
      "per_100k", +1, 2, "flow", "volunteers",
      "coalesce(act.trainings, 0) * 100000.0 / nullif(pop.population, 0)", ("act", "pop"),
      ("activities",)),
    I("local_projects", "Projekty lokalne", "Local projects",
      "Liczba projektów lokalnych zrealizowanych w okresie, według miejsca realizacji.",
      "The number of local projects carried out in the period, by where they took place.",
      "count", +1, 0, "flow", "volunteers", "coalesce(act.projects, 0)", ("act",), ("activities",)),
    # --- contract v1.1 -------------------------------------------------------------------------
    I("active_regional_partners", "Aktywni partnerzy regionalni", "Active regional partners",
      "Liczba różnych partnerów regionalnych działających w dniu stanu danych, z siedzibą w "
      "województwie jednostki (powiat: w jego województwie; kraj: wszyscy).",
      "The number of distinct regional partners active on the as-of date seated in the unit's "
      "voivodeship (powiat: in its voivodeship; country: all of them).",
      "count", +1, 0, "stock", "coverage", "coalesce(arp.n, 0)", ("arp",), ("partners",)),
    I("hours_logged", "Zgłoszone godziny wolontariatu", "Logged volunteering hours",
      "Suma godzin zgłoszonych przez wolontariuszy w okresie (potwierdzonych i jeszcze niepotwierdzonych), "
      "według powiatu zamieszkania wolontariusza.",
      "Total hours logged by volunteers in the period (confirmed or not yet), by the volunteer's powiat "
      "of residence.",
      "hours", +1, 0, "flow", "volunteers", "coalesce(hrs.logged, 0)", ("hrs",),
      ("volunteers", "hours"), "volunteers_active", "hours", "hrs.logged_key"),
    # --- network and activities (contract v1.1): counts of activities and organisations, exact ---
    I("network_meetings", "Spotkania sieciujące", "Network meetings",
      "Liczba spotkań sieciujących partnerów w okresie, według miejsca spotkania.",
      "The number of partners' network meetings in the period, by where they took place.",
      "count", +1, 0, "flow", "network", "coalesce(act.network_meetings, 0)", ("act",), ("activities",)),
    I("coalition_meetings", "Spotkania koalicji", "Coalition meetings",
      "Liczba spotkań koalicji na rzecz wolontariatu w okresie, według miejsca spotkania.",
      "The number of meetings of coalitions for volunteering in the period, by where they took place.",
      "count", +1, 0, "flow", "network", "coalesce(act.coalition_meetings, 0)", ("act",), ("activities",)),
    I("promotion_events", "Wydarzenia promocyjne i konkursy", "Promotion events and contests",
      "Liczba wydarzeń promujących wolontariat i konkursów w okresie, według miejsca wydarzenia.",
      "The number of events promoting volunteering and contests in the period, by where they took place.",
      "count", +1, 0, "flow", "network", "coalesce(act.promotion_events, 0)", ("act",), ("activities",)),
    I("organiser_support", "Wsparcie organizatorów wolontariatu", "Support to volunteering organisers",
      "Liczba szkoleń i konsultacji (doradztwa) skierowanych do organizatorów wolontariatu w okresie, "
      "według miejsca działania.",
      "The number of trainings and counselling sessions for volunteering organisers in the period, by "
      "where they took place.",
      "count", +1, 0, "flow", "network", "coalesce(act.organiser_support, 0)", ("act",), ("activities",)),
    I("institution_programmes", "Programy wolontariatu w instytucjach", "Institution volunteering programmes",
      "Liczba programów wprowadzających wolontariat do lokalnych instytucji (pomocy społecznej, kultury, "
      "sportu, edukacji, zdrowia) w okresie, według miejsca realizacji.",
      "The number of programmes bringing volunteering into local welfare, culture, sport, education and "
      "health institutions in the period, by where they took place.",
      "count", +1, 0, "flow", "network", "coalesce(act.institution_programmes, 0)", ("act",),
      ("activities",)),
    I("partners_in_task_teams", "Partnerzy w zespołach zadaniowych", "Partners in task teams",
      "Liczba różnych partnerów działających w dniu stanu danych i należących wtedy do działającego "
      "zespołu zadaniowego programu; partner lokalny liczy się w powiatach swojego obszaru, regionalny "
      "w każdym powiecie swojego województwa.",
      "The number of distinct partners active on the as-of date and then members of an active task team "
      "of the programme; a local partner counts in the powiats of its area, a regional one in every "
      "powiat of its voivodeship.",
      "count", +1, 0, "stock", "network", "coalesce(ptt.n, 0)", ("ptt",),
      ("task_teams", "task_team_members", "partners", "partner_areas")),
)
del I

BY_CODE: dict[str, Indicator] = {i.code: i for i in CATALOGUE}
CODES: tuple[str, ...] = tuple(BY_CODE)
# Counts of people subject to small-cell suppression (contract section 4).
PERSON_COUNTS: tuple[str, ...] = tuple(i.code for i in CATALOGUE if i.suppress_with == i.code)
# Values published with cell-key noise to protected viewers, each with the record-key sum of its cell.
KEYED: tuple[str, ...] = tuple(i.code for i in CATALOGUE if i.protect in ("count", "hours"))
CKEY_SUFFIX = "__ckey"


def ckey_column(code: str) -> str:
    return code + CKEY_SUFFIX


# Frames that have passed through protection (access/privacy.py) carry, for each code subject to it,
# a boolean column `<code>__suppressed` marking the hidden cells.
FLAG_SUFFIX = "__suppressed"


def flag_column(code: str) -> str:
    return code + FLAG_SUFFIX


def get(code: str) -> Indicator:
    try:
        return BY_CODE[code]
    except KeyError:
        raise KeyError(f"unknown indicator code: {code!r}") from None


def with_bases(codes) -> list[str]:
    """The codes plus what their protection needs (the person counts their suppression depends on,
    a ratio's two parts), in catalogue order."""
    wanted = set(check_codes(codes))
    for _ in range(2):  # a ratio's parts have bases of their own
        wanted |= {BY_CODE[c].suppress_with for c in wanted if BY_CODE[c].suppress_with}
        wanted |= {x for c in list(wanted) for x in BY_CODE[c].derive_from}
    return [i.code for i in CATALOGUE if i.code in wanted]


def by_group(group: str) -> list[Indicator]:
    return [i for i in CATALOGUE if i.group == group]


def check_codes(codes) -> list[str]:
    """Validate and order a list of codes (None = all) in catalogue order."""
    if codes is None:
        return list(CODES)
    unknown = [c for c in codes if c not in BY_CODE]
    if unknown:
        raise KeyError(f"unknown indicator code(s): {', '.join(map(str, unknown))}")
    wanted = set(codes)
    return [c for c in CODES if c in wanted]
