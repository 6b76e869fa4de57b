"""Every state change of the domain goes through a function here: keyword-only, atomic, validated."""
