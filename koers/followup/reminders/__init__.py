"""What is due: the notices ``koers remind`` should put in the outbox now, one module per
concern of the cycle: ``talks`` (the invitation, the preparation, the next talk),
``signatures`` (documents waiting to be signed) and ``activities`` (courses that should have
started, work over time, the one-week course question). ``due`` lists them all.

Each ``due_*`` function is a generator of unsaved ``Notice`` rows. It reads its candidates
in chunks (``.iterator()``), skips what already has a notice (``~Exists``), and never holds
more than a chunk in memory; ``outbox.queue_due_notices`` inserts them with insert-ignore on
the unique reason key, so a second run, or a run at the same time, adds nothing.
"""
