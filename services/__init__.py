"""conflict-alerts services: the extractor, rules and delivery workers and their shared runtime."""
