"""The programmes context's permissions, as ``app_label.codename`` strings for roles and scoping checks."""

PROGRAMS_VIEW = "programs.view_program"  # catalogue, cycles, recipients, overlap matrix, the household section
PROGRAMS_MANAGE = "programs.change_program"  # cycles, enrolment, distributions, welfare recompute, running checks
FINDINGS_VIEW = "programs.view_finding"
FINDINGS_DECIDE = "programs.change_finding"  # confirm, dismiss with a reason, resolve, send to the pillars
