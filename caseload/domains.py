"""The six recovery domains, in the order every screen and export uses."""

from __future__ import annotations

DOMAINS: tuple[str, ...] = (
    "mental_health",
    "physical_health",
    "financial_stability",
    "social_connection",
    "safety",
    "legal_status",
)

DOMAIN_LABELS: dict[str, str] = {
    "mental_health": "Mental health",
    "physical_health": "Physical health",
    "financial_stability": "Financial stability",
    "social_connection": "Social connection",
    "safety": "Safety",
    "legal_status": "Legal status",
}

RATERS: tuple[str, ...] = ("survivor", "navigator")
