"""Normalisation and the keyed hash of the hit/no-hit index (issue 19)."""
import pytest
from django.core.exceptions import ImproperlyConfigured

from treffers import checks, normalisatie
from treffers.normalisatie import (
    hash_waarde,
    normaliseer_adres,
    normaliseer_huisnummer,
    normaliseer_kvk,
    normaliseer_naam,
    normaliseer_postcode,
)


@pytest.mark.parametrize("waarde, verwacht", [
    ("12 34 56 78", "12345678"), ("12345678", "12345678"), ("12.34.56.78", "12345678"), (" 1234-5678 ", "12345678"),
    ("1234567", ""), ("123456789", ""), ("", ""), (None, ""),
])
def test_kvk_is_its_digits_and_only_eight_of_them(waarde, verwacht):
    assert normaliseer_kvk(waarde) == verwacht


@pytest.mark.parametrize("a, b", [
    ("Uitzendbureau De Zon B.V.", "uitzendbureau de zon"),
    ("Uitzendbureau De Zon BV", "  UITZENDBUREAU   de  ZON "),
    ("Uitzendbureau De Zon B.V.", "Uitzendbureau De Zon b.v"),
    ("Stichting Het Anker", "het anker"),
    ("Schoonmaak & Co V.O.F.", "schoonmaak co"),
    ("Café De Kroon N.V.", "cafe de kroon"),
    ("Bouw-Groep Noord", "bouw groep noord"),
])
def test_business_names_match_without_case_spaces_punctuation_and_legal_form(a, b):
    assert normaliseer_naam(a) == normaliseer_naam(b) != ""


def test_normalised_names():
    assert normaliseer_naam("Uitzendbureau De Zon B.V.") == "uitzendbureau de zon"
    # A legal form only goes at the start or the end: a word in the middle of a name stays.
    assert normaliseer_naam("Bouwbedrijf Stichting Noord") == "bouwbedrijf stichting noord"
    # What is left must be a name: a legal form alone or two letters are not indexed.
    assert normaliseer_naam("B.V.") == ""
    assert normaliseer_naam("AB") == ""
    assert normaliseer_naam("De Zon") != normaliseer_naam("De Maan")


@pytest.mark.parametrize("postcode, huisnummer, verwacht", [
    ("1234 AB", "12", "1234AB 12"), ("1234ab", "12", "1234AB 12"), (" 1234  ab ", "012", "1234AB 12"),
    ("1234 AB", "12a", "1234AB 12-A"), ("1234 AB", "12 A", "1234AB 12-A"), ("1234 AB", "12-a", "1234AB 12-A"),
    ("1234 AB", "12-2", "1234AB 12-2"), ("1234 AB", "12 bis", "1234AB 12-BIS"),
    ("1234 AB", "", ""), ("", "12", ""), ("0123 AB", "12", ""), ("12345", "12", ""), ("1234 AB", "twaalf", ""),
])
def test_addresses_are_postcode_and_house_number(postcode, huisnummer, verwacht):
    assert normaliseer_adres(postcode, huisnummer) == verwacht


def test_a_house_number_addition_is_part_of_the_address():
    assert normaliseer_huisnummer("12A") != normaliseer_huisnummer("12")
    assert normaliseer_huisnummer("12-2") != normaliseer_huisnummer("122")
    assert normaliseer_postcode("1234 AB") == "1234AB"


def test_the_hash_is_keyed_by_the_environment_key_and_the_kind(settings):
    settings.TREFFERS_HMAC_KEY = "een-sleutel-uit-de-omgeving-0123456789abcdef"
    eerste = hash_waarde("kvk", "12345678")
    assert len(eerste) == 64 and "12345678" not in eerste
    assert hash_waarde("kvk", "12345678") == eerste
    assert hash_waarde("naam", "12345678") != eerste  # a KvK number never matches a name or an address
    settings.TREFFERS_HMAC_KEY = "een-andere-sleutel-uit-de-omgeving-fedcba987654"
    assert hash_waarde("kvk", "12345678") != eerste  # without the key, hashing guesses does not reverse the index


def test_the_test_settings_use_a_fixed_key_from_the_settings_not_the_database(settings):
    assert settings.TREFFERS_HMAC_KEY.startswith("test-only-")


def test_without_a_key_nothing_can_be_hashed(settings):
    settings.TREFFERS_HMAC_KEY = ""
    with pytest.raises(ImproperlyConfigured, match="TREFFERS_HMAC_KEY"):
        normalisatie.hash_waarde("kvk", "12345678")


@pytest.mark.parametrize("key, fouten", [
    ("", 1), ("kort", 1), ("dev-only-not-secret-treffers-5e0c9a7b3d1f2e4a6c8b0d9f", 1), ("a" * 40, 1),
    ("Zr8w3kQpX1vN7mB2cD5fG9hJ4kL6pQ8s", 0),
])
def test_the_deploy_check_wants_a_real_key(settings, key, fouten):
    settings.TREFFERS_HMAC_KEY = key
    assert len(checks.check_treffers_key(None)) == fouten
