"""Access matrix rows for the signing pages. (The dossier log's row is in koers.audit.)"""

from koers.testing import Case

CASES: list[Case] = []
