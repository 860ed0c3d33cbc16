"""Data contract v1.1 as code: every input table and column, declared once.

The importer (parsing and validation), the DuckDB DDL, the demo generator and
docs/data-format.md are all derived from the declarations below, so a change to
the contract is a change to this file only.
"""
from __future__ import annotations

from dataclasses import dataclass, field

CONTRACT_VERSION = "1.1"

# Logical column types. How each is parsed is in analytics/data/importer.py; how it is
# stored is SQL_TYPES below.
TEXT, TERYT, TERYT2, TERYT4, DATE, MONTH, BOOL, INT, DECIMAL, ENUM = (
    "text", "teryt", "teryt2", "teryt4", "date", "month", "bool", "int", "decimal", "enum",
)
SQL_TYPES = {
    TEXT: "VARCHAR", TERYT: "VARCHAR", TERYT2: "VARCHAR", TERYT4: "VARCHAR", ENUM: "VARCHAR",
    DATE: "DATE", MONTH: "DATE",  # a month is stored as its first day
    BOOL: "BOOLEAN", INT: "BIGINT", DECIMAL: "DOUBLE",
}
TYPE_DOCS = {  # (Polish, English) description of the accepted spellings
    TEXT: ("tekst", "text"),
    TERYT: ("kod TERYT województwa (2 cyfry) lub powiatu (4 cyfry)", "voivodeship (2 digits) or powiat (4 digits) TERYT code"),
    TERYT2: ("kod TERYT województwa, 2 cyfry (`02`…`32`)", "voivodeship TERYT code, 2 digits (`02`…`32`)"),
    TERYT4: ("kod TERYT powiatu, 4 cyfry (`0201`, `1465`)", "powiat TERYT code, 4 digits (`0201`, `1465`)"),
    DATE: ("data `RRRR-MM-DD` lub `DD.MM.RRRR`", "date `YYYY-MM-DD` or `DD.MM.YYYY`"),
    MONTH: ("miesiąc `RRRR-MM`", "month `YYYY-MM`"),
    BOOL: ("tak/nie, true/false, 1/0, yes/no", "tak/nie, true/false, 1/0, yes/no"),
    INT: ("liczba całkowita", "whole number"),
    DECIMAL: ("liczba (przecinek dziesiętny dozwolony przy separatorze `;`)",
              "number (decimal comma allowed with the `;` delimiter)"),
    ENUM: ("jedna z wartości", "one of"),
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    pl: str
    en: str
    required: bool = True
    enum: tuple[str, ...] = ()
    default: object = None           # a literal, or "=column" / "=table.column" (see DEFAULT_RULES)
    fk: str | None = None            # "table.column" it must match
    min: float | None = None         # inclusive lower bound
    min_exclusive: bool = False
    event: bool = False              # a recorded event date: counts for "data as of"


@dataclass(frozen=True)
class Check:
    """A row-level rule across columns, evaluated in SQL on the typed table."""
    sql_ok: str          # true when the row is fine (NULLs are treated as fine)
    columns: tuple[str, ...]
    pl: str
    en: str
    warning: bool = False


@dataclass(frozen=True)
class Table:
    name: str
    pl: str
    en: str
    columns: tuple[Column, ...]
    required: bool = True
    key: tuple[str, ...] = ()               # unique (and not null)
    checks: tuple[Check, ...] = ()
    composite_fks: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = ()
    sow: bool = False                       # part of the SOW (volunteer system) extract
    paired_with: str | None = None          # an optional table that comes with this one or not at all
    personal: bool = False                  # holds people-level rows
    extra: dict = field(default_factory=dict)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


MEMBER_SECTORS = {
    "ngo": "civic", "church": "civic", "informal_group": "civic", "individual": "civic",
    "local_government": "local_government",
    "social_welfare": "public_institution", "culture": "public_institution",
    "sport": "public_institution", "education": "public_institution",
    "health": "public_institution", "other_public": "public_institution",
    "business": "business",
}
SECTORS = ("civic", "local_government", "public_institution", "business")
PUBLIC_ORGANISER_TYPES = ("social_welfare", "culture", "sport", "education", "health", "other_public")
PLAN_INDICATOR_CODES = (
    "sow_volunteers", "local_base_organisers", "coalitions", "coalition_members", "trainings",
    "training_participants", "local_projects", "institutions_engaged", "mpw_certified",
    "promotion_events", "custom",
)
ACTIVITY_TYPES = (
    "training", "local_project", "volunteer_action", "coalition_meeting", "debate", "promotion",
    "contest", "institution_programme", "network_meeting", "counselling",
)
TASK_TEAM_AREAS = ("training", "promotion", "networking", "coalitions", "institutions", "sow", "other")
PLAN_STATUSES = ("draft", "adopted", "in_progress", "completed", "abandoned")
COUNTED_PLAN_STATUSES = ("adopted", "in_progress", "completed")

# Columns that must never reach the database: a pseudonymised extract has no names, contacts or
# birth dates. Matched on the normalised header (lower case, diacritics stripped, _ for spaces).
FORBIDDEN_COLUMNS = (
    "first_name", "last_name", "name", "surname", "imie", "nazwisko", "email", "e_mail", "mail",
    "phone", "telefon", "pesel", "address", "adres", "street", "ulica", "birth_date",
    "data_urodzenia",
)

C = Column
TABLES: tuple[Table, ...] = (
    Table(
        "partners", "Partnerzy regionalni i lokalni Korpusu Solidarności",
        "Regional and local partners of Korpus Solidarności",
        (
            C("partner_id", TEXT, "identyfikator partnera (unikalny)", "partner identifier (unique)"),
            C("name", TEXT, "nazwa organizacji", "organisation name"),
            C("tier", ENUM, "poziom: regionalny lub lokalny", "tier: regional or local",
              enum=("regional", "local")),
            C("voivodeship", TERYT2, "województwo siedziby", "voivodeship of the seat"),
            C("edition", TEXT, "edycja konkursu, np. 2021-2023", "grant edition, e.g. 2021-2023",
              required=False),
            C("start_date", DATE, "początek działania jako partner", "start of the partnership",
              event=True),
            C("end_date", DATE, "koniec działania (puste = trwa)", "end of the partnership (empty = ongoing)",
              required=False),
            C("grant_pln", DECIMAL, "kwota dotacji w zł", "grant amount in PLN", required=False, min=0),
        ),
        key=("partner_id",),
        checks=(
            Check("end_date IS NULL OR end_date >= start_date", ("start_date", "end_date"),
                  "end_date jest wcześniejsza niż start_date", "end_date is before start_date"),
        ),
    ),
    Table(
        "partner_areas", "Powiaty, w których działa partner lokalny",
        "Powiats a local partner works in",
        (
            C("partner_id", TEXT, "partner lokalny", "the local partner", fk="partners.partner_id"),
            C("powiat", TERYT4, "powiat", "powiat"),
            C("valid_from", DATE, "od kiedy (domyślnie start_date partnera)",
              "from (default: the partner's start_date)", required=False,
              default="=partners.start_date", event=True),
            C("valid_to", DATE, "do kiedy (domyślnie end_date partnera)",
              "until (default: the partner's end_date)", required=False, default="=partners.end_date"),
        ),
        key=("partner_id", "powiat", "valid_from"),
        checks=(
            Check("valid_to IS NULL OR valid_to >= valid_from", ("valid_from", "valid_to"),
                  "valid_to jest wcześniejsza niż valid_from", "valid_to is before valid_from"),
        ),
    ),
    Table(
        "coalitions", "Koalicje na rzecz wolontariatu", "Coalitions for volunteering",
        (
            C("coalition_id", TEXT, "identyfikator koalicji (unikalny)", "coalition identifier (unique)"),
            C("name", TEXT, "nazwa koalicji", "coalition name"),
            C("powiat", TERYT4, "powiat siedziby", "powiat of the seat"),
            C("partner_id", TEXT, "partner wspierający", "supporting partner", required=False,
              fk="partners.partner_id"),
            C("founded_on", DATE, "data powstania", "founding date", event=True),
            C("dissolved_on", DATE, "data rozwiązania", "dissolution date", required=False),
            C("formal_agreement", BOOL, "czy zawarto formalne porozumienie", "formal agreement signed",
              required=False),
        ),
        key=("coalition_id",),
        checks=(
            Check("dissolved_on IS NULL OR dissolved_on > founded_on", ("founded_on", "dissolved_on"),
                  "dissolved_on musi być późniejsza niż founded_on", "dissolved_on must be after founded_on"),
        ),
    ),
    Table(
        "coalition_members", "Członkowie koalicji", "Coalition members",
        (
            C("coalition_id", TEXT, "koalicja", "coalition", fk="coalitions.coalition_id"),
            C("member_id", TEXT, "identyfikator członka (organizacji lub osoby)",
              "member identifier (organisation or person)"),
            C("member_type", ENUM, "rodzaj członka (wyznacza sektor)", "member type (sets the sector)",
              enum=tuple(MEMBER_SECTORS)),
            C("joined_on", DATE, "data przystąpienia (domyślnie founded_on koalicji)",
              "joining date (default: the coalition's founded_on)", required=False,
              default="=coalitions.founded_on", event=True),
            C("left_on", DATE, "data wystąpienia", "leaving date", required=False),
        ),
        key=("coalition_id", "member_id", "joined_on"),
        checks=(
            Check("left_on IS NULL OR left_on >= joined_on", ("joined_on", "left_on"),
                  "left_on jest wcześniejsza niż joined_on", "left_on is before joined_on"),
        ),
    ),
    Table(
        "plans", "Regionalne i Lokalne Plany Rozwoju Wolontariatu",
        "Regional and Local Volunteering Development Plans",
        (
            C("plan_id", TEXT, "identyfikator planu (unikalny)", "plan identifier (unique)"),
            C("partner_id", TEXT, "partner realizujący plan", "the partner running the plan",
              fk="partners.partner_id"),
            C("title", TEXT, "tytuł planu", "plan title", required=False),
            C("period_start", DATE, "początek okresu planu", "start of the plan period"),
            C("period_end", DATE, "koniec okresu planu", "end of the plan period"),
            C("adopted_on", DATE, "data przyjęcia", "adoption date", required=False, event=True),
            C("status", ENUM, "status planu", "plan status", enum=PLAN_STATUSES),
        ),
        key=("plan_id",),
        checks=(
            Check("period_end > period_start", ("period_start", "period_end"),
                  "period_end musi być późniejsza niż period_start", "period_end must be after period_start"),
        ),
    ),
    Table(
        "plan_indicators", "Wskaźniki planów rozwoju", "Development plan indicators",
        (
            C("plan_id", TEXT, "plan", "plan", fk="plans.plan_id"),
            C("indicator_id", TEXT, "identyfikator wskaźnika (unikalny w planie)",
              "indicator identifier (unique within the plan)"),
            C("code", ENUM, "rodzaj wskaźnika", "indicator kind", enum=PLAN_INDICATOR_CODES),
            C("name", TEXT, "nazwa (wymagana dla custom)", "name (required for custom)", required=False),
            C("unit", TEXT, "jednostka miary", "unit of measure", required=False),
            C("baseline", DECIMAL, "wartość bazowa", "baseline value", required=False, default=0),
            C("target", DECIMAL, "wartość docelowa (różna od bazowej)", "target value (not the baseline)"),
            C("weight", DECIMAL, "waga w indeksie realizacji planu", "weight in the plan completion index",
              required=False, default=1, min=0, min_exclusive=True),
        ),
        key=("plan_id", "indicator_id"),
        checks=(
            Check("target <> baseline", ("baseline", "target"),
                  "target nie może być równy baseline", "target must differ from baseline"),
            Check("code <> 'custom' OR (name IS NOT NULL AND trim(name) <> '')", ("code", "name"),
                  "wskaźnik custom wymaga nazwy", "a custom indicator needs a name"),
        ),
    ),
    Table(
        "plan_progress", "Postęp realizacji wskaźników planów", "Progress of plan indicators",
        (
            C("plan_id", TEXT, "plan", "plan"),
            C("indicator_id", TEXT, "wskaźnik planu", "plan indicator"),
            C("reported_on", DATE, "data sprawozdania", "reporting date", event=True),
            C("achieved", DECIMAL, "wartość osiągnięta narastająco", "cumulative achieved value", min=0),
            C("verified", BOOL, "czy zweryfikowano", "verified", required=False),
        ),
        key=("plan_id", "indicator_id", "reported_on"),
        composite_fks=((("plan_id", "indicator_id"), "plan_indicators", ("plan_id", "indicator_id")),),
    ),
    Table(
        "volunteers", "Wolontariusze (wyciąg z SOW, pseudonimizowany)",
        "Volunteers (pseudonymised SOW extract)",
        (
            C("volunteer_id", TEXT, "pseudonim wolontariusza (unikalny)", "volunteer pseudonym (unique)"),
            C("powiat", TERYT4, "powiat zamieszkania", "powiat of residence"),
            C("registered_on", DATE, "data rejestracji w SOW", "SOW registration date", event=True),
            C("birth_year", INT, "rok urodzenia", "birth year", required=False, min=1900),
            C("sex", ENUM, "płeć: F, M, X lub U (nieznana)", "sex: F, M, X or U (unknown)",
              required=False, enum=("F", "M", "X", "U"), default="U"),
            C("ks_member_since", DATE, "członek Korpusu Solidarności od", "Korpus Solidarności member since",
              required=False, event=True),
            C("recruited_by", TEXT, "partner, który zrekrutował", "recruiting partner", required=False,
              fk="partners.partner_id"),
        ),
        required=False, sow=True, personal=True,
        key=("volunteer_id",),
    ),
    Table(
        "organisers", "Organizatorzy wolontariatu", "Volunteering organisers",
        (
            C("organiser_id", TEXT, "identyfikator organizatora (unikalny)", "organiser identifier (unique)"),
            C("name", TEXT, "nazwa organizatora", "organiser name"),
            C("type", ENUM, "rodzaj organizatora", "organiser type",
              enum=("ngo", "social_welfare", "culture", "sport", "education", "health", "other_public",
                    "business", "church")),
            C("powiat", TERYT4, "powiat siedziby", "powiat of the seat"),
            C("joined_on", DATE, "data dołączenia", "joining date", event=True),
            C("base_partner_id", TEXT, "partner, w którego lokalnej bazie jest organizator",
              "partner whose local base holds the organiser", required=False, fk="partners.partner_id"),
            C("mpw_certified_on", DATE, "data certyfikatu Miejsce Przyjazne Wolontariuszom",
              "date of the Miejsce Przyjazne Wolontariuszom certificate", required=False, event=True),
        ),
        required=False, sow=True,
        key=("organiser_id",),
    ),
    Table(
        "hours", "Godziny wolontariatu (miesięcznie)", "Volunteering hours (monthly)",
        (
            C("volunteer_id", TEXT, "wolontariusz", "volunteer", fk="volunteers.volunteer_id"),
            C("organiser_id", TEXT, "organizator", "organiser", fk="organisers.organiser_id"),
            C("month", MONTH, "miesiąc", "month", event=True),
            C("hours_logged", DECIMAL, "godziny zgłoszone", "hours logged", min=0),
            C("hours_confirmed", DECIMAL, "godziny potwierdzone (≤ zgłoszonych)",
              "hours confirmed (≤ logged)", required=False, default=0, min=0),
        ),
        required=False, sow=True, personal=True,
        key=("volunteer_id", "organiser_id", "month"),
        checks=(
            Check("hours_confirmed <= hours_logged", ("hours_logged", "hours_confirmed"),
                  "hours_confirmed przekracza hours_logged", "hours_confirmed exceeds hours_logged"),
        ),
    ),
    Table(
        "activities", "Działania partnerów", "Partner activities",
        (
            C("activity_id", TEXT, "identyfikator działania (unikalny)", "activity identifier (unique)"),
            C("partner_id", TEXT, "partner", "partner", fk="partners.partner_id"),
            C("type", ENUM, "rodzaj działania", "activity type", enum=ACTIVITY_TYPES),
            C("date", DATE, "data", "date", event=True),
            C("powiat", TERYT4, "powiat", "powiat"),
            C("participants", INT, "liczba uczestników", "participants", required=False, default=0, min=0),
            C("volunteers_involved", INT, "zaangażowani wolontariusze", "volunteers involved",
              required=False, min=0),
            C("audience", ENUM, "adresaci", "audience", required=False,
              enum=("volunteers", "coordinators", "organisers", "environment", "school")),
            C("sector", ENUM, "rodzaj instytucji (dla institution_programme)",
              "kind of institution (for institution_programme)", required=False,
              enum=("social_welfare", "culture", "sport", "education", "health", "other")),
        ),
        required=False, sow=True,
        key=("activity_id",),
    ),
    Table(
        "task_teams", "Zespoły zadaniowe programu (razem z task_team_members albo wcale)",
        "The programme's task teams (together with task_team_members, or neither)",
        (
            C("team_id", TEXT, "identyfikator zespołu (unikalny)", "team identifier (unique)"),
            C("name", TEXT, "nazwa zespołu", "team name"),
            C("area", ENUM, "dziedzina pracy zespołu", "the team's field of work", enum=TASK_TEAM_AREAS),
            C("founded_on", DATE, "data powołania", "founding date", event=True),
            C("dissolved_on", DATE, "data rozwiązania", "dissolution date", required=False),
        ),
        required=False, paired_with="task_team_members",
        key=("team_id",),
        checks=(
            Check("dissolved_on IS NULL OR dissolved_on > founded_on", ("founded_on", "dissolved_on"),
                  "dissolved_on musi być późniejsza niż founded_on", "dissolved_on must be after founded_on"),
        ),
    ),
    Table(
        "task_team_members", "Partnerzy w zespołach zadaniowych (razem z task_teams albo wcale)",
        "Partners on task teams (together with task_teams, or neither)",
        (
            C("team_id", TEXT, "zespół zadaniowy", "task team", fk="task_teams.team_id"),
            C("partner_id", TEXT, "partner w zespole", "partner on the team", fk="partners.partner_id"),
            C("joined_on", DATE, "data przystąpienia (domyślnie founded_on zespołu)",
              "joining date (default: the team's founded_on)", required=False,
              default="=task_teams.founded_on", event=True),
            C("left_on", DATE, "data wystąpienia", "leaving date", required=False),
        ),
        required=False, paired_with="task_teams",
        key=("team_id", "partner_id", "joined_on"),
        checks=(
            Check("left_on IS NULL OR left_on > joined_on", ("joined_on", "left_on"),
                  "left_on musi być późniejsza niż joined_on", "left_on must be after joined_on"),
        ),
    ),
    Table(
        "population", "Ludność (zastępuje dane referencyjne GUS)", "Population (overrides the GUS reference)",
        (
            C("teryt", TERYT, "kod TERYT województwa lub powiatu", "voivodeship or powiat TERYT code"),
            C("population", INT, "liczba ludności", "population", min=0, min_exclusive=True),
            C("year", INT, "rok", "year", min=1990),
        ),
        required=False,
        key=("teryt", "year"),
    ),
)
del C

TABLES_BY_NAME = {t.name: t for t in TABLES}
REQUIRED_TABLES = tuple(t.name for t in TABLES if t.required)
SOW_TABLES = tuple(t.name for t in TABLES if t.sow)

# Area validity defaults come from the partner; memberships default to the coalition's (or the
# task team's) founding.
# (table, column) -> (parent table, parent column, join columns)
DEFAULT_RULES = {
    ("partner_areas", "valid_from"): ("partners", "start_date", ("partner_id",)),
    ("partner_areas", "valid_to"): ("partners", "end_date", ("partner_id",)),
    ("coalition_members", "joined_on"): ("coalitions", "founded_on", ("coalition_id",)),
    ("task_team_members", "joined_on"): ("task_teams", "founded_on", ("team_id",)),
}


def ddl(table: Table) -> str:
    cols = ",\n  ".join(f"{c.name} {SQL_TYPES[c.type]}" for c in table.columns)
    return f"CREATE TABLE {table.name} (\n  {cols}\n)"


def create_tables(con, tables=TABLES) -> None:
    """Create every input table (empty) with its typed columns. Used by the importer and tests."""
    for t in tables:
        con.execute(ddl(t))
