"""The argon2 cost comes from the configuration: cheap in the tests, argon2's recommended cost in
production (checked once here), and hashes made at any cost keep verifying."""

import re
import sys
from pathlib import Path

import pytest

from app.config import Config, TestConfig
from app.core.hashing import dummy_hash, hasher
from app.feedback.services.submission import (
    ACCESS_CODES,
    find_for_tracking,
    hash_access_code,
    normalize_code,
)
from app.staff.models import Role
from app.staff.services import authenticate, create_user
from tests.conftest import configured

COSTS = ("TIME_COST", "MEMORY_COST", "PARALLELISM")


def production_costs() -> dict:
    return {
        f"{prefix}_{cost}": getattr(Config, f"{prefix}_{cost}")
        for prefix in ("ARGON2", ACCESS_CODES)
        for cost in COSTS
    }


def parameters(encoded: str) -> str:
    return encoded.split("$")[3]


def test_production_hashes_at_argon2s_default_cost_and_the_dummy_hashes_alike(empty_app):
    with configured(empty_app, **production_costs()):
        user = create_user("ada@example.org", "Ada", Role.ADMIN, "una frase larga y segura")
        assert parameters(user.password_hash) == "m=65536,t=3,p=4"
        assert parameters(dummy_hash(hasher())) == "m=65536,t=3,p=4"
        assert parameters(hash_access_code("ABCD-EFGH-JKMN")) == "m=19456,t=2,p=1"
        assert parameters(dummy_hash(hasher(ACCESS_CODES))) == "m=19456,t=2,p=1"
    # The test configuration's own, also for the hashes checked when nobody matches.
    assert parameters(dummy_hash(hasher())) == "m=8,t=1,p=1"
    assert parameters(dummy_hash(hasher(ACCESS_CODES))) == "m=8,t=1,p=1"
    assert TestConfig.ARGON2_MEMORY_COST < Config.ARGON2_MEMORY_COST


def test_a_hash_made_at_another_cost_still_verifies_and_is_rehashed_at_sign_in(empty_app):
    with configured(empty_app, ARGON2_TIME_COST=2):
        user = create_user("ada@example.org", "Ada", Role.ADMIN, "una frase larga y segura")
    assert parameters(user.password_hash) == "m=8,t=2,p=1"
    assert authenticate("ada@example.org", "una frase larga y segura", ip=None) == user
    assert parameters(user.password_hash) == "m=8,t=1,p=1"
    assert authenticate("ada@example.org", "una frase larga y segura", ip=None) == user


def test_an_access_code_hashed_at_another_cost_still_finds_its_item(empty_app):
    from tests.factories import make_feedback

    with configured(empty_app, ACCESS_CODE_ARGON2_TIME_COST=3):
        item = make_feedback(access_code_hash=hash_access_code("ABCD-EFGH-JKMN"))
    assert find_for_tracking(item.folio, "abcd efgh jkmn") == item
    assert find_for_tracking(item.folio, "ABCD-EFGH-JKMP") is None


def resident_mib() -> float:
    return int(re.search(r"VmRSS:\s+(\d+)", Path("/proc/self/status").read_text())[1]) / 1024


@pytest.mark.skipif(sys.platform != "linux", reason="the memory a Linux process holds")
def test_a_worker_gives_back_the_memory_of_the_access_codes_it_checks(empty_app):
    """Each check of an access code takes 19 MiB at production cost: a worker gives them back,
    rather than holding them for as long as it lives."""
    with configured(empty_app, **production_costs()):
        before = resident_mib()
        code = normalize_code("ABCD-EFGH-JKMN")
        stored = hash_access_code(code)
        for _ in range(3):
            assert hasher(ACCESS_CODES).verify(stored, code)
        assert resident_mib() - before < 8
