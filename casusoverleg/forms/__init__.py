"""The forms of cases and meetings, one module per group of pages (as ``views/`` and ``services/``):

- ``casussen``: open a case, its details, status and victim track, link signals, the case list filter;
- ``overleggen``: the meeting list filter, scheduling and changing a meeting, the year planning, cancelling, the
  presentielijst;
- ``agenda``: agenda items, invitations for a case item, the confidentiality declaration;
- ``verslag``: what is recorded during a meeting (minutes, decisions, actions);
- ``acties``: feedback and status of an action, the filter of Mijn acties;
- ``zorg``: the care track of a case (issue 21): its zorgcoordinator, a new victim, a victim's groups and steps.

A form checks what the user typed and offers what the user may choose; the rules themselves are enforced by the
services (``casusoverleg.services``), under a row lock.
"""
