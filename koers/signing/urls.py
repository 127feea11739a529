"""The signing workflow's pages. (The dossier log is koers.audit's: a view over its events.)"""

urlpatterns: list = []
