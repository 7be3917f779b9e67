"""The programme as a whole: its frame and its programme.toml (the facts the pipeline reads)."""

from __future__ import annotations

from decimal import Decimal

# Programme-level constants of the generator (not programme facts: those are in the toml).
FRAME_PER_40_PROJECTS = 60_000_000
FIRST_YEAR, LAST_YEAR = 2013, 2017

# The committed inputs/programme.toml, with the frame substituted; for 40 projects the output is
# byte-identical to the committed file.
PROGRAMME_TOML = """\
# The programme's facts. No programme fact is a constant in the code: change them here.

[programme]
name = "Regionala kompetensplattformar"
agency = "Tillväxtverket"
recipient = "Näringsdepartementet"
commissions = ["N2012/6275/RT", "N2015/02413/RTS"]
period_start = 2013
period_end = 2017
max_agency_share = 0.50          # Tillväxtverket pays at most this share of a project's total cost
frame_amount = {frame_amount}          # kr, the programme's total frame

[report]
title = "Slutrapport. Regionala kompetensplattformar N2012/6275/RT och N2015/02413/RTS"
diarienummer = "Dnr Ä 2018-000318"
date = 2018-03-15                # also the run's timestamp unless SOURCE_DATE_EPOCH is set
place = "Stockholm"
approver_role = "generaldirektören"
case_officer_role = "handläggare vid avdelningen för regional tillväxt"
author = "Tillväxtverket"
max_profile_pages = 60           # projects beyond this get a table row but no profile page
# The report's chapters in order: generated ones (ekonomi, resultat, goda_exempel, projekt, andringar)
# and the stems of the agency's texts in text/ (docs/report-text.md). Without the key, this order,
# with the texts that exist; with it, every entry must exist.
# chapters = ["sammanfattning", "uppdraget", "genomforande", "ekonomi", "resultat", "teman",
#             "goda_exempel", "bedomning", "rekommendationer", "projekt", "andringar"]

[checks]
amount_tolerance = 1             # kr: costs may differ from financing by at most this much
outcome_warning_ratio = 0.5      # outcome below this share of the target gives a warning
payment_tolerance = 1            # kr: reported agency financing may differ from paid by this much (warning beyond)
payment_error_bound = 100000     # kr: a difference beyond this between reported and paid is an error
"""


def frame_amount_for(projects: int) -> int:
    """The programme frame scaled to the number of projects, in whole kronor."""
    return int((Decimal(FRAME_PER_40_PROJECTS) * projects / 40).quantize(Decimal(1)))


def programme_toml(projects: int) -> str:
    return PROGRAMME_TOML.format(frame_amount=frame_amount_for(projects))
