"""Brute force of tracking codes: a few guesses per address, then refusals, whatever is guessed."""

import pytest

from app.feedback.services.submission import CODE_ALPHABET, new_access_code, normalize_code
from tests.feedback.conftest import Journey
from tests.security.conftest import limited_app


@pytest.fixture
def limited(tmp_path):
    with limited_app(tmp_path, RATELIMIT_TRACK="5 per minute") as application:
        yield application


def test_guessing_stops_after_a_few_attempts_even_with_the_right_code(limited):
    folio, code = Journey(limited.test_client()).submit()
    attacker = Journey(limited.test_client())
    guesses = [attacker.track(folio, new_access_code()).status_code for _ in range(5)]
    assert guesses == [400] * 5
    right = attacker.track(folio, code)
    assert right.status_code == 429
    page = right.get_data(as_text=True)
    assert "Demasiados intentos" in page
    # The folio comes back to be sent again; the code never does, and the page says so.
    assert f'value="{folio}"' in page and code not in page
    assert "esta página no guarda contraseñas ni códigos de acceso" in page
    assert attacker.client.get(f"/es/buzon/seguimiento/{folio}").status_code == 302


def test_changing_folio_or_a_forged_forwarded_address_does_not_reset_the_limit(limited):
    attacker = Journey(limited.test_client())
    for n in range(5):
        assert attacker.track(f"SQR-2026-{n:06d}", "AAAA-BBBB-CCCC").status_code == 400
    forged = attacker.client.post(
        "/es/buzon/seguimiento",
        data={"folio": "SQR-2026-000009", "codigo": "AAAA-BBBB-CCCC"},
        headers={"X-Forwarded-For": "203.0.113.9"},  # not trusted: PROXY_COUNT is 0
    )
    assert forged.status_code == 429


def test_access_codes_are_long_random_and_forgiving_to_type():
    codes = {new_access_code() for _ in range(500)}
    assert len(codes) == 500
    for code in codes:
        raw = normalize_code(code)
        assert len(raw) == 12 and set(raw) <= set(CODE_ALPHABET)
    # 31^12 codes: at 20 guesses an hour per address, one folio would take ~10^13 years.
    assert len(CODE_ALPHABET) ** 12 > 7 * 10**17
    assert normalize_code(" abcd-efgh ijkm ") == "ABCDEFGHIJKM"
