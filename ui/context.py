"""What every page needs, set by dashboard.py before the page runs: the view, the data stamp and
the viewer's role. Pages call `ctx()` and never read URL parameters themselves."""
from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from ui.state import View


@dataclass(frozen=True)
class Context:
    view: View
    stamp: tuple
    role: str                      # 'institution' | 'partner' | 'evaluator'
    scope: object = None           # analytics.scope.Scope: what this viewer may see unsuppressed
    partner_id: str | None = None  # the signed-in partner, for role 'partner'
    user: object = None            # analytics.auth.User


def ctx() -> Context:
    return st.session_state["_ctx"]
