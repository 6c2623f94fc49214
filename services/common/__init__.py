"""Shared runtime of the workers: settings, topics, message codec, error tree, dead letters,
structured logging and the faust app factory.

Only ``services.common.faust_app`` imports faust; only ``services.common.kafka`` imports
kafka-python (admin, publishing, test consumers).
"""
