"""Who sees which quarterly report (DESIGN.md §3, issue 8 "Who sees what").

- The ketenregisseurs of the report's werkgebied (the same district, or the same region): every version, concepts
  included; they make concepts and finalise them.
- The portefeuillehouders of that werkgebied: finalised versions only.
- Nobody else, not even a ketenregisseur of a district inside a region's report or of the region around a
  district's report: a report is the werkgebied's own.
"""
from django.db.models import Q

from mensenhandel.access.registry import register_selector
from mensenhandel.core.rollen import Rol

from .models import Bewustwordingsbijeenkomst, Meting, MetingGemeente, Rapport, RapportStatus


def _actief(user):
    return getattr(user, "is_authenticated", False) and user.is_active


def werkgebied_zonder_districten_q(werkgebied, prefix=""):
    """Reports (or rows with ``<prefix>district`` / ``<prefix>regio``) of exactly this District or Regio."""
    from tafels.models import District

    if werkgebied is None:
        return Q(pk__in=[])
    if isinstance(werkgebied, District):
        return Q(**{f"{prefix}district_id": werkgebied.pk})
    return Q(**{f"{prefix}regio_id": werkgebied.pk, f"{prefix}district__isnull": True})


def rapporten_visible_for(user):
    if not _actief(user) or user.rol not in (Rol.KETENREGISSEUR, Rol.PORTEFEUILLEHOUDER):
        return Rapport.objects.none()
    qs = Rapport.objects.filter(werkgebied_zonder_districten_q(user.werkgebied))
    if user.rol == Rol.PORTEFEUILLEHOUDER:
        qs = qs.filter(status=RapportStatus.DEFINITIEF)
    return qs.select_related("district__regio", "regio")


register_selector(Rapport, rapporten_visible_for)


def may_manage_rapporten(user):
    """A ketenregisseur makes concepts and finalises them, for their own werkgebied."""
    return _actief(user) and user.rol == Rol.KETENREGISSEUR and user.werkgebied is not None


def may_manage(user, rapport):
    return may_manage_rapporten(user) and rapporten_visible_for(user).filter(pk=rapport.pk).exists()


def laatste_definitief(user):
    """The latest finalised report of the user's werkgebied (the portefeuillehouder's start page), or None."""
    # With its proposal to the board (issue 21), which the start page links too.
    return (rapporten_visible_for(user).filter(status=RapportStatus.DEFINITIEF).exclude(opslagnaam="")
            .select_related("dvo_pdf").first())


def stand_van_kwartaal(user, kwartaal):
    """The ketenregisseur's start page: how far the report of ``kwartaal`` is, from the versions they see (one
    query). Returns ``(definitief, concept)``: the newest final version, and the newest concept counted after the
    quarter ended that is newer than it (waiting for the explanation), each or both None."""
    versies = list(rapporten_visible_for(user).filter(jaar=kwartaal.jaar, kwartaal=kwartaal.kwartaal)
                   .order_by("-versie"))
    definitief = next((v for v in versies if v.definitief), None)
    concept = next((v for v in versies if not v.definitief and v.volledig
                    and (definitief is None or v.versie > definitief.versie)), None)
    return definitief, concept


def job_gestopt_zonder_pdf(rapport):
    """The job of this version ended (or there is none) while the figures or the PDF are still missing: it will not
    make them any more, so the report failed and can be made again."""
    from mensenhandel.jobs.models import JobStatus

    if rapport.gegevens is not None and rapport.heeft_pdf:
        return False
    job = rapport.job
    return job is None or job.status in (JobStatus.FAILED, JobStatus.DONE) or job_te_laat(rapport)


def job_te_laat(rapport):
    """The job of this version should long have finished (its worker died and it did not come back): it may be made
    again; a job that does come back after all makes nothing twice."""
    from mensenhandel.jobs.services import is_overdue

    if rapport.gegevens is not None and rapport.heeft_pdf:
        return False
    return is_overdue(rapport.job)


def versies(user, rapport):
    """The versions of the same werkgebied and quarter the user sees (the archive on a report's page), newest
    first."""
    return rapporten_visible_for(user).filter(jaar=rapport.jaar, kwartaal=rapport.kwartaal)


# --- Basisniveau monitor and awareness sessions (issue 9) --------------------------------------------------------
#
# - Meting: the ketenregisseurs and portefeuillehouders of its werkgebied (exactly, as reports); the coordinator of
#   a gemeente in its population (their own gemeente's answers and the regional figures). Per-gemeente answers of
#   other gemeenten: the ketenregisseur only.
# - MetingGemeente (one gemeente's answers): the ketenregisseurs of the werkgebied; the coordinators of that
#   gemeente. Filling in: the same people, while the measurement is open.
# - Bewustwordingsbijeenkomst: the ketenregisseurs and portefeuillehouders of its werkgebied or of a werkgebied
#   holding a gemeente it reached; the coordinators of a gemeente it reached. Registering and changing: the
#   ketenregisseurs of its werkgebied.



def _eigen_gemeente_id(user):
    if not _actief(user) or user.rol != Rol.COORDINATOR or not user.organisatie_id:
        return None
    return user.organisatie.gemeente_id


def metingen_visible_for(user):
    if not _actief(user):
        return Meting.objects.none()
    if user.rol in (Rol.KETENREGISSEUR, Rol.PORTEFEUILLEHOUDER):
        return Meting.objects.filter(werkgebied_zonder_districten_q(user.werkgebied)).select_related(
            "district__regio", "regio")
    gemeente_id = _eigen_gemeente_id(user)
    if gemeente_id:
        return Meting.objects.filter(gemeenten__gemeente_id=gemeente_id).distinct().select_related(
            "district__regio", "regio")
    return Meting.objects.none()


register_selector(Meting, metingen_visible_for)


def meting_gemeenten_visible_for(user):
    """The gemeenten of measurements whose answers the user may see (and, while open, fill in)."""
    if not _actief(user):
        return MetingGemeente.objects.none()
    if user.rol == Rol.KETENREGISSEUR:
        return MetingGemeente.objects.filter(
            werkgebied_zonder_districten_q(user.werkgebied, prefix="meting__")).select_related("meting")
    gemeente_id = _eigen_gemeente_id(user)
    if gemeente_id:
        return MetingGemeente.objects.filter(gemeente_id=gemeente_id).select_related("meting")
    return MetingGemeente.objects.none()


register_selector(MetingGemeente, meting_gemeenten_visible_for)


def may_manage_metingen(user):
    return may_manage_rapporten(user)


def ziet_antwoorden_per_gemeente(user, meting):
    """Who sees what every gemeente answered: the ketenregisseur of the werkgebied (not the portefeuillehouder)."""
    return may_manage_metingen(user) and metingen_visible_for(user).filter(pk=meting.pk).exists()


def bijeenkomsten_visible_for(user):
    from tafels.selectors import gemeenten_in_werkgebied

    if not _actief(user):
        return Bewustwordingsbijeenkomst.objects.none()
    if user.rol in (Rol.KETENREGISSEUR, Rol.PORTEFEUILLEHOUDER):
        werkgebied = user.werkgebied
        q = werkgebied_zonder_districten_q(werkgebied) | Q(gemeenten__in=gemeenten_in_werkgebied(werkgebied))
    elif gemeente_id := _eigen_gemeente_id(user):
        q = Q(gemeenten__id=gemeente_id)
    else:
        return Bewustwordingsbijeenkomst.objects.none()
    ids = Bewustwordingsbijeenkomst.objects.filter(q).values("pk")
    return Bewustwordingsbijeenkomst.objects.filter(pk__in=ids).select_related("organisator", "district", "regio")


register_selector(Bewustwordingsbijeenkomst, bijeenkomsten_visible_for)


def may_manage_bijeenkomst(user, bijeenkomst):
    return may_manage_rapporten(user) and Bewustwordingsbijeenkomst.objects.filter(
        werkgebied_zonder_districten_q(user.werkgebied), pk=bijeenkomst.pk).exists()
