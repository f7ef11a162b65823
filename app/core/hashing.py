"""argon2id hashers whose cost comes from the configuration.

Production keeps argon2's recommended cost; the test configuration makes hashing nearly free,
which would otherwise dominate every test that signs in or sends feedback. Verifying works
whatever the configured cost: each hash carries the parameters it was made with.
"""

from __future__ import annotations

import sys
from functools import cache

from argon2 import PasswordHasher
from flask import current_app

# glibc gives a large block (argon2's 19 or 64 MiB) its own mapping and returns it when freed,
# but then raises its threshold to that size, so the next block comes from the heap, which it
# keeps: every worker would hold 19 MiB for good after its second access-code check. A fixed
# threshold keeps blocks above it mapped, and returned.
M_MMAP_THRESHOLD = -3  # mallopt's parameter (malloc.h)
MMAP_THRESHOLD = 1024 * 1024


def _return_large_blocks() -> None:
    import ctypes

    mallopt = getattr(ctypes.CDLL(None), "mallopt", None) if sys.platform == "linux" else None
    if mallopt is not None:
        mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)


@cache
def _hasher(time_cost: int, memory_cost: int, parallelism: int) -> PasswordHasher:
    _return_large_blocks()
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism)


def hasher(prefix: str = "ARGON2") -> PasswordHasher:
    """The hasher set by ``<prefix>_TIME_COST``, ``<prefix>_MEMORY_COST`` (KiB) and
    ``<prefix>_PARALLELISM`` in the current app's configuration."""
    config = current_app.config
    return _hasher(
        config[f"{prefix}_TIME_COST"],
        config[f"{prefix}_MEMORY_COST"],
        config[f"{prefix}_PARALLELISM"],
    )


@cache
def dummy_hash(of: PasswordHasher) -> str:
    """A hash checked when there is nothing to check against (an unknown e-mail or folio), so
    that the answer takes as long as a real check: made with the same parameters as the real
    hashes. Made on first use, not at start-up: every process (web worker, command) would
    otherwise pay for an argon2 hash before doing anything."""
    return of.hash("nothing-matches-this")
