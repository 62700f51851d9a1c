"""Retention (issue 17): how long each kind of record is kept, and the run that removes what has passed its term.

The platform holds the rules (``Bewaartermijn``, editable by the beheerder within fixed bounds), the runs
(``BewaarRun``) and the runner (``services.toepassen``); each app registers what it removes for a kind of rule
(``registry.register``) in its ``AppConfig.ready()``, so the platform still imports no app.
"""
