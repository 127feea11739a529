"""Access as its own layer: who is asking (``actor``), how they relate to a person's file
(``relations``), what they may do (``policy``) and the helpers views use (``views``).

This package sits directly above ``koers.lib`` and imports no app: the organisation's models
come in through the actor loader (``settings.KOERS_ACTOR_LOADER``) and field names.
"""
