"""Issue 18: the cover quotes the first sentence of the ketenregisseur's toelichting (``presentatie.eerste_zin``):
the first sentence of the first paragraph, whole, not cut at an abbreviation or a decimal point, and shortened at a
word when it is very long."""
import pytest

from rapportage.presentatie import EERSTE_ZIN_MAX, eerste_zin


@pytest.mark.parametrize(("tekst", "zin"), [
    ("Het aantal signalen steeg door de campagne in de horeca.\n\nDe samenwerking is versterkt.",
     "Het aantal signalen steeg door de campagne in de horeca."),
    ("Meer signalen dan ooit! Vooral uit de horeca.", "Meer signalen dan ooit!"),
    ("Waarom daalde het aantal casussen? Er waren minder meldingen.", "Waarom daalde het aantal casussen?"),
    ("Er kwamen o.a. signalen uit de horeca, bijv. De Gouden Leeuw, binnen. Daarna meer.",
     "Er kwamen o.a. signalen uit de horeca, bijv. De Gouden Leeuw, binnen."),
    ("Ca. 20 signalen kwamen uit Enschede (zie hoofdstuk 2). De rest uit Almelo.",
     "Ca. 20 signalen kwamen uit Enschede (zie hoofdstuk 2)."),
    ("De doorlooptijd was 4.5 dagen. Dat is korter.", "De doorlooptijd was 4.5 dagen."),
    ("De wethouder zei: “Dit moet beter.” Daarna volgde een plan.", "De wethouder zei: “Dit moet beter.”"),
    ("  Een toelichting\r\nover twee regels, zonder punt aan het eind  ",
     "Een toelichting over twee regels, zonder punt aan het eind"),
    ("\n\n  \n\nPas de tweede alinea heeft tekst. Meer.", "Pas de tweede alinea heeft tekst."),
    ("", ""),
    (None, ""),
])
def test_the_first_sentence(tekst, zin):
    assert eerste_zin(tekst) == zin


def test_a_very_long_sentence_is_cut_at_a_word():
    tekst = "Het aantal signalen steeg " + "en steeg " * 60 + "tot het einde van het kwartaal. Tweede zin."
    zin = eerste_zin(tekst)
    assert len(zin) <= EERSTE_ZIN_MAX + 2 and zin.endswith(" …")
    assert tekst.startswith(zin[:-2]) and not zin[:-2].endswith(" ")
