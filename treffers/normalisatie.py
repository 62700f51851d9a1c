"""What the hit/no-hit index compares: the identifiers of a signal, normalised, and their keyed hashes.

Only the hash of a normalised value enters the index (``models.IndexRegel``), never the value itself. The hash is
HMAC-SHA256 with ``settings.TREFFERS_HMAC_KEY``, a key from the environment, never from the database: a dump of the
database alone cannot be reversed by hashing guesses (every KvK number has only 8 digits). The kind of identifier is
part of what is hashed, so a KvK number never matches a house number.

Normalisation (tests/treffers/test_normalisatie.py):

- **KvK number**: the digits only ("12 34 56 78", "12.34.56.78" → "12345678"); anything but exactly 8 digits is not
  indexed.
- **Address**: postcode in capitals without spaces ("1234 ab" → "1234AB", only a Dutch postcode 1234 AB), plus the
  house number: its digits, and an addition in capitals without spaces or punctuation, after a hyphen ("12 a",
  "12-A", "12a" → "12-A"; "12" → "12"). Without both a postcode and a house number the address is not indexed (the
  free text ``locatie_adres`` never is: it is not reliable enough to match).
- **Business name**: lower case, accents dropped ("é" → "e"), dots dropped ("B.V." → "bv"), other punctuation a space,
  whitespace collapsed, and a legal form at the start or end dropped (repeatedly): ``RECHTSVORMEN`` below. What is left
  must have at least 3 characters, else it is not indexed. "Uitzendbureau De Zon B.V." → "uitzendbureau de zon".
"""
import hashlib
import hmac
import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

KVK = "kvk"
ADRES = "adres"
NAAM = "naam"

# Dutch legal forms, as they are written after the dots are dropped: dropped at the start or the end of a business
# name. B.V., N.V., V.O.F., C.V., U.A./W.A./B.A. (of a coöperatie), and the words stichting, vereniging, coöperatie,
# maatschap and eenmanszaak. A word in the middle of a name stays ("Bouwbedrijf Stichting Noord" keeps "stichting").
RECHTSVORMEN = frozenset({
    "bv", "nv", "vof", "cv", "ua", "wa", "ba",
    "stichting", "vereniging", "cooperatie", "maatschap", "eenmanszaak",
})

POSTCODE = re.compile(r"[1-9][0-9]{3}[A-Z]{2}")
HUISNUMMER = re.compile(r"([0-9]{1,5})(.*)")
MIN_NAAM = 3


def normaliseer_kvk(waarde):
    cijfers = "".join(teken for teken in (waarde or "") if teken.isdigit())
    return cijfers if len(cijfers) == 8 else ""


def normaliseer_postcode(waarde):
    postcode = "".join((waarde or "").split()).upper()
    return postcode if POSTCODE.fullmatch(postcode) else ""


def normaliseer_huisnummer(waarde):
    tekst = "".join((waarde or "").split()).upper()
    match = HUISNUMMER.fullmatch(tekst)
    if not match:
        return ""
    nummer = str(int(match[1]))
    toevoeging = re.sub(r"[^0-9A-Z]", "", match[2])
    return f"{nummer}-{toevoeging}" if toevoeging else nummer


def normaliseer_adres(postcode, huisnummer):
    postcode, huisnummer = normaliseer_postcode(postcode), normaliseer_huisnummer(huisnummer)
    return f"{postcode} {huisnummer}" if postcode and huisnummer else ""


def normaliseer_naam(waarde):
    tekst = unicodedata.normalize("NFKD", (waarde or "").lower())
    tekst = "".join(teken for teken in tekst if not unicodedata.combining(teken))
    tekst = tekst.replace(".", "")
    tekst = re.sub(r"[^\w\s]|_", " ", tekst)
    woorden = tekst.split()
    while woorden and woorden[-1] in RECHTSVORMEN:
        woorden.pop()
    while woorden and woorden[0] in RECHTSVORMEN:
        woorden.pop(0)
    naam = " ".join(woorden)
    return naam if len(naam) >= MIN_NAAM else ""


def sleutel():
    key = getattr(settings, "TREFFERS_HMAC_KEY", "")
    if not key:
        raise ImproperlyConfigured("TREFFERS_HMAC_KEY must be set in the environment: the hit/no-hit index needs it.")
    return key.encode()


def hash_waarde(soort, genormaliseerd):
    """The keyed hash (hex) of a normalised value of kind ``soort``."""
    return hmac.new(sleutel(), f"{soort}:{genormaliseerd}".encode(), hashlib.sha256).hexdigest()


def identificaties(signaal):
    """{kind: normalised value} of what the signal holds that can be matched (empty kinds left out)."""
    waarden = {
        KVK: normaliseer_kvk(signaal.kvk_nummer),
        ADRES: normaliseer_adres(signaal.locatie_postcode, signaal.locatie_huisnummer),
        NAAM: normaliseer_naam(signaal.locatie_naam),
    }
    return {soort: waarde for soort, waarde in waarden.items() if waarde}


def hashes(signaal):
    """{kind: keyed hash} of the signal's identifiers: what goes into the index."""
    return {soort: hash_waarde(soort, waarde) for soort, waarde in identificaties(signaal).items()}
