"""What every page starts with: its context (view, data stamp, viewer), its title and intro.

    pg = page.header("page.coverage", "coverage.intro")
    view, stamp, viewer, tr = pg.view, pg.stamp, pg.viewer, pg.tr

One place for what each page shows above its content, so that a notice every page needs (the data
protection sentence, the as-of date against the latest data) is added here once.
"""
from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from analytics.access import scope
from analytics.present import formatting, i18n
from ui.context import Context, ctx


@dataclass(frozen=True)
class Page:
    ctx: Context

    @property
    def view(self):
        return self.ctx.view

    @property
    def stamp(self):
        return self.ctx.stamp

    @property
    def viewer(self):
        """The viewer's scope: what every cached query takes to protect its numbers."""
        return self.ctx.scope

    @property
    def role(self) -> str:
        return self.ctx.role

    @property
    def lang(self) -> str:
        return self.ctx.view.lang

    def tr(self, key: str, **kw) -> str:
        return i18n.t(key, self.ctx.view.lang, **kw)


def header(title_key: str, intro_key: str | None = None, *, people: bool = True) -> Page:
    """The page's context, with its title and (optionally) its one-line intro written. A page that
    shows numbers about people (`people`) also says, in one sentence, whether they are protected
    for this viewer and how (contract section 4), with a link to the method."""
    pg = Page(ctx())
    st.title(pg.tr(title_key))
    if intro_key:
        st.caption(pg.tr(intro_key))
    if people:
        protected = scope.is_protected(pg.viewer)
        st.caption(pg.tr("protection.page_note" if protected else "protection.page_note_exact"))
    incomplete_period_note(pg.view)
    return pg


def incomplete_period_note(view) -> None:
    """Says so when the flow period reaches past the data's last complete month (its flows are
    partly reported); every page with flows starts with it (ui/page.header)."""
    if view.period_complete:
        return
    p0, p1 = view.period
    st.warning(i18n.t("msg.period_incomplete", view.lang, p0=formatting.format_date(p0, view.lang),
                      p1=formatting.format_date(p1, view.lang),
                      last=formatting.format_month(view.last_complete_month, view.lang)),
               icon=":material/hourglass_bottom:")
