"""Access matrix rows for the dossier log: everyone with a file sees their own log."""

from koers.testing import Case

CASES = [Case("dossier-log", {}, default=200)]
