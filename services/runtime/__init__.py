"""Running the pipeline: the embedded broker, worker processes, the demo receiver and the
``up``/``demo``/``worker``/``topics`` commands."""
