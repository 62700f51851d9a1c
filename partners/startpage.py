"""The start-page block of users and invitations (registered in ``PartnersConfig.ready()``; see
``mensenhandel/core/startpage.py``)."""
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mensenhandel.core.startpage import Block

from .models import AccountLink, AccountLinkSoort, User, VerzoekStatus, Wijzigingsverzoek

START_UITNODIGINGEN = 5


def gebruikers_en_uitnodigingen(request):
    open_uitnodigingen = AccountLink.objects.filter(
        soort=AccountLinkSoort.UITNODIGING, gebruikt__isnull=True, ingetrokken__isnull=True, verloopt__gt=timezone.now()
    )
    return {
        "aantal_gebruikers": User.objects.filter(is_active=True).count(),
        "uitnodigingen": list(
            open_uitnodigingen.select_related("user__organisatie").order_by("-aangemaakt", "-pk")[:START_UITNODIGINGEN]
        ),
        "aantal_uitnodigingen": open_uitnodigingen.count(),
        "gebruikers_url": reverse("admin:partners_user_changelist"),
        # Vier-ogen: what another beheerder asked and this one may approve (not their own requests, not about them).
        "aantal_te_beoordelen": Wijzigingsverzoek.objects.filter(status=VerzoekStatus.OPEN)
        .exclude(aangevraagd_door=request.user).exclude(user=request.user).count(),
        "aantal_eigen_verzoeken": Wijzigingsverzoek.objects.filter(
            status=VerzoekStatus.OPEN, aangevraagd_door=request.user
        ).count(),
        "verzoeken_url": reverse("admin:partners_wijzigingsverzoek_changelist") + "?status__exact=open",
    }


BLOCKS = (Block("gebruikers", _("Users and invitations"), gebruikers_en_uitnodigingen),)
