"""What a page says about a thing it names: the state of a finding, and why.

A sentence naming "freies WLAN" may describe a service in operation, a trial, a plan or a
demand, a rejected motion, or another town. Each criterion's rule says which of these states
count as evidence (default: only in operation).
"""

from __future__ import annotations

IN_OPERATION = "in_operation"
PILOT = "pilot"
PLANNED = "planned"  # planned, demanded, deferred, adopted but not yet built
REJECTED = "rejected"
ELSEWHERE = "elsewhere"
STATES = (IN_OPERATION, PILOT, PLANNED, REJECTED, ELSEWHERE)
DEFAULT_COUNTING = (IN_OPERATION,)

# Reason codes (the part of Finding.reason before ": cue").
STATED = "stated"
PILOT_CUE = "pilot"
PLAN_CUE = "plan"
FUTURE_PASSIVE = "future-passive"
DEFERRED = "deferred"
DEMANDED = "demanded"
QUESTION = "question"
REJECTED_CUE = "rejected"
MOTION = "motion"
MOTION_ADOPTED = "motion-adopted"
MOTION_DEFERRED = "motion-deferred"
MOTION_REJECTED = "motion-rejected"
MINUTES = "minutes"
PROGRAMME = "programme"
JOB_AD = "job-ad"
CANDIDATE = "first-person"
OTHER_PLACE = "other-place"
PRESS_ELSEWHERE = "press-elsewhere"
HEADLINE_ELSEWHERE = "headline-elsewhere"
PAGE_CUE = "page-cue"
TWO_SENTENCES = "two-sentences"


def reason_code(reason: str) -> str:
    """The code of a reason ("motion-rejected: abgelehnt" → "motion-rejected")."""
    return reason.split(":", 1)[0].strip()


def reason_cue(reason: str) -> str:
    """The words of the page behind a reason ("motion-rejected: abgelehnt" → "abgelehnt")."""
    return reason.split(":", 1)[1].strip() if ":" in reason else ""
