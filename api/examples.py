"""Example bodies for the OpenAPI schema: each endpoint documents one."""

from __future__ import annotations

from typing import Any


def page_of(item: dict[str, Any]) -> dict[str, Any]:
    return {"count": 1, "next": None, "previous": None, "results": [item]}


FIGURE_EXAMPLE = {
    "measure": "knife-crime",
    "measure_name": "Knife crime",
    "area": "E06000042",
    "area_name": "Milton Keynes",
    "month": "2025-01",
    "count": 31,
    "covered": True,
    "rolling_12m": 402,
    "previous_12m": 371,
    "change_12m_pct": 8.4,
    "rolling_12m_two_years_earlier": 356,
    "change_24m_pct": 12.9,
    "p_12m": 0.27,
    "ci_12m_pct": [-6.1, 24.9],
    "p_24m": 0.09,
    "ci_24m_pct": [-2.0, 29.9],
    "significant": False,
    "significant_12m": False,
    "significant_24m": False,
    "rate": 149.6,
    "rate_per": 100000,
    "rate_unit": "per 100,000 residents",
    "population": 287000,
    "comparable": True,
    "comparable_12m": True,
    "comparable_24m": True,
    "no_data_months": [],
    "previous_no_data_months": [],
    "two_years_earlier_no_data_months": [],
    "suppressed": False,
    "data_vintage": "2025-03-01T10:00:00+00:00",
    "peer_rank_12m": None,
    "peer_rank_24m": None,
    "source": "partnership",
    "imported_at": "2025-02-10T09:12:00+00:00",
    "source_text": "Source: the partnership's incident data, data to January 2025, imported "
    "10 February 2025.",
    "headline": "Knife crime in Milton Keynes: 402 offences in the 12 months to January 2025, "
    "up 8% on the previous 12 months (not statistically significant) and up 13% on two years "
    "earlier (not statistically significant).",
}

PARTNER = {
    "id": 3,
    "name": "Thames Valley Police",
    "sector": "police",
    "specified_authority": True,
    "contact_name": "A. Inspector",
    "contact_email": "vru@example.org",
}
STRATEGY = {
    "id": 1,
    "title": "Serious Violence Reduction Strategy 2024–2027",
    "description": "",
    "starts_on": "2024-04-01",
    "ends_on": "2027-03-31",
    "is_current": True,
    "next_board_on": "2026-12-10",
}
PRIORITY = {
    "id": 2,
    "strategy": 1,
    "title": "Early help for young people at risk",
    "description": "",
    "order": 1,
}
ACTION = {
    "id": 15,
    "strategy": 1,
    "priority": 2,
    "reference": "P1.3",
    "title": "Youth workers in A&E",
    "description": "",
    "lead_partner": 3,
    "supporting_partners": [4],
    "owner": "Sam Lee",
    "owner_email": "sam@example.org",
    "starts_on": "2025-04-01",
    "due_on": "2026-03-31",
    "status": "on-track",
    "progress": 60,
    "measures": ["knife-crime-under-25"],
    "places": ["E05009410", "E01016722"],
    "updated_at": "2026-11-01T09:00:00Z",
}
UPDATE = {
    "id": 61,
    "made_by": "cora",
    "made_at": "2026-11-01T09:00:00Z",
    "old_status": "on-track",
    "new_status": "at-risk",
    "progress": 40,
    "note": "Funding delayed.",
    "changes": {"status": ["on-track", "at-risk"]},
    "via": "api",
}
BATCH = {
    "id": 12,
    "url": "https://mkviolence.example.org/api/v1/imports/12/",
    "file": "2025-01-thames-valley-street.csv",
    "format": "policeuk-street",
    "status": "done",
    "status_label": "Imported",
    "progress": 100,
    "read": 12000,
    "stored": 11990,
    "updated": 0,
    "duplicates": 0,
    "replaced": 0,
    "rejected": 10,
    "unknown_lsoa": 0,
    "outside_uk": 0,
    "period": None,
    "message": "",
    "same_file_as": None,
    "errors": [
        {"line": 14, "column": "Month", "reason": "is not a month (YYYY-MM)", "value": "2025-13"}
    ],
}

SUBSCRIPTION = {
    "id": 7,
    "measure": "knife-crime",
    "area": "E06000042",
    "significance": True,
    "new_data": True,
    "threshold_figure": "rate",
    "threshold_direction": "above",
    "threshold_value": 15.0,
    "threshold_reset": 13.5,
    "threshold_state": "clear",
    "created_at": "2025-03-01T10:00:00Z",
}

HOT_SPOTS_EXAMPLE = [
    {
        "lsoa": "E01016722",
        "name": "Milton Keynes 018C",
        "ward": "E05009410",
        "ward_name": "Central Milton Keynes",
        "count": 412,
        "z": 4.87,
        "p": 0.002,
        "p_fdr": 0.0124,
        "class": "hot-95",
        "trend": "persistent-hot",
    },
    {
        "lsoa": "E01016800",
        "name": "Milton Keynes 001E",
        "ward": "E05009414",
        "ward_name": "Olney",
        "count": 9,
        "z": -1.21,
        "p": 0.31,
        "p_fdr": 0.78,
        "class": "not-significant",
        "trend": "no-pattern",
    },
]
