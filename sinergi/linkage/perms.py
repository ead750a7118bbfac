"""The linkage context's permissions, as ``app_label.codename`` strings for roles and scoping checks."""

VIEW_PAIRS = "linkage.view_candidatepair"  # the review queue, the runs, the merges (read)
REVIEW_PAIRS = "linkage.review_pair"  # accept (merge), reject, unmerge
RUN_LINKAGE = "linkage.run_linkage"  # start or cancel a run over a whole kabupaten/kota
