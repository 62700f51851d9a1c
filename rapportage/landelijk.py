"""National context for the quarterly report (issue 21): the latest yearly figures of the Nationaal Rapporteur
Mensenhandel (NRM), with their year and source, shown apart from the werkgebied's own figures.

The figures are copied from the project's reference data (see ``rapportage/data/landelijk.md`` for where from and how to
update them). ``cijfers_voor_rapport()`` is stored with the report's figures when they are counted, so a report keeps
the national figures it was made with.
"""

BRON = ("Nationaal Rapporteur Mensenhandel en Seksueel Geweld tegen Kinderen, Slachtoffermonitor mensenhandel: "
        "geregistreerde mogelijke slachtoffers per jaar")
# (year, registered possible victims of human trafficking in the Netherlands)
REEKS = [(2019, 1334), (2020, 984), (2021, 791), (2022, 814), (2023, 868), (2024, 944)]
# How many years the report shows (the latest ones).
JAREN_IN_RAPPORT = 5


def cijfers_voor_rapport():
    """``{"bron": ..., "jaar": latest year, "reeks": [{"jaar": 2020, "slachtoffers": 984}, ...]}`` (oldest first)."""
    reeks = sorted(REEKS)[-JAREN_IN_RAPPORT:]
    return {
        "bron": BRON,
        "jaar": reeks[-1][0],
        "reeks": [{"jaar": jaar, "slachtoffers": aantal} for jaar, aantal in reeks],
    }
