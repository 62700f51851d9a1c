"""The write paths of cases, meetings and agendas: one function per change. Each locks what it changes,
checks the rule, appends history where a case is involved, and writes the audit log.

- ``casussen``: open a case, link signals, change status, details and victim track;
- ``overleggen``: schedule, plan a year, change, cancel, record attendance; invitations by e-mail with .ics; the
  transitions of a meeting's status (``TRANSITIONS``, ``set_status``), also used by ``agenda`` and ``besluitenlijst``;
- ``agenda``: agenda items and their order, proposals, invitations per item, the confidentiality declaration,
  making the agenda final (the PDF job);
- ``zorg``: the care track of a case (issue 21): its zorgcoordinator, the possible victims and the steps of their care.
"""
