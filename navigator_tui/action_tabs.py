"""Which tab of the survivor's file each kind of worklist action opens (a UI choice:
the rules name the kind, the app the tab)."""

from __future__ import annotations

ACTION_TABS: dict[str, str] = {
    "safety_concern": "contacts",
    "disengagement": "contacts",
    "milestone_check_in": "overview",
    "assessment": "recovery",
    "update": "contacts",
    "promise": "promises",
    "referral": "referrals",
    "milestone_prepare": "overview",
    "agreement_review": "agreement",
    "agreement_missing": "agreement",
    "over_promising": "promises",
    "closing_assessment": "recovery",
}
