"""Names shared by every layer that speaks about rankings (no imports: cheap to load)."""

TOTAL_NODE = "total"  # the node code of the overall score in stored and published results
DEFAULT_FRAMEWORK = "haselhorst"
COMPUTED, PUBLISHED = "computed", "published"
