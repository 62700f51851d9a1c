from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Soort
from .opslag import ACCEPT


class UploadForm(forms.Form):
    soort = forms.ChoiceField(label=_("What does the file hold?"), choices=Soort.choices, widget=forms.RadioSelect,
                              initial=Soort.SIGNALEN)
    bestand = forms.FileField(
        label=_("File"), help_text=_("An Excel workbook (.xlsx) or a CSV file, at most 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        error_messages={"required": _("Choose the file to import."),
                        "empty": _("The file is empty."), "invalid": _("Choose the file to import.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["soort"].choices = [(Soort.SIGNALEN, _("Signals")), (Soort.CASUSSEN, _("Cases")),
                                        (Soort.ACTIES, _("Actions"))]
