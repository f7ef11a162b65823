"""Recorded audio (a service's description read aloud, a citizen's voice message), checked by
its content: the first bytes say which format it claims to be, and the format's own parser
must then read it and say how long it lasts. A renamed executable, a text file that starts
with "OggS" or a video is refused, whatever its name or the type the browser sent."""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass

from flask import current_app

from app.core.lazy_text import lazy_gettext as _l

# What the portal plays back, by content type.
OGG, MP3_TYPE, M4A, WEBM = "audio/ogg", "audio/mpeg", "audio/mp4", "audio/webm"
EXTENSIONS = {OGG: "ogg", MP3_TYPE: "mp3", M4A: "m4a", WEBM: "webm"}
M4A_BRANDS = {b"M4A ", b"mp42", b"isom"}
TIMED = {OGG, MP3_TYPE, M4A}  # the formats whose parser says how long they last
# The EBML header of a WebM file: what Chromium's recorder writes (Opus inside).
EBML = b"\x1a\x45\xdf\xa3"
# The WebM elements that say how long a recording lasts: the containers to look inside (the
# segment, its info, clusters and block groups), the time scale and duration of the info, a
# cluster's time and its blocks' times relative to it.
SEGMENT, INFO, CLUSTER, BLOCK_GROUP = 0x18538067, 0x1549A966, 0x1F43B675, 0xA0
TIME_SCALE, DURATION, CLUSTER_TIME, SIMPLE_BLOCK, BLOCK = 0x2AD7B1, 0x4489, 0xE7, 0xA3, 0xA1


class AudioError(ValueError):
    """An audio file the portal refuses, with the message the person reads."""


@dataclass(frozen=True)
class Recording:
    """Audio that passed every check, not stored yet."""

    name: str
    content_type: str
    data: bytes
    seconds: float | None  # None when the format does not say (a browser recording cut short)


def sniff(data: bytes, recorded: bool = False) -> str | None:
    """The audio format the first bytes announce: Ogg with an Opus stream, MP3 (an ID3 tag or
    an MPEG frame sync), M4A (an ``ftyp`` box with an audio brand); with ``recorded``, also the
    WebM a browser's recorder produces."""
    if data[:4] == b"OggS" and b"OpusHead" in data[:80]:
        return OGG
    if data[:3] == b"ID3" or (len(data) > 1 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0):
        return MP3_TYPE
    if data[4:8] == b"ftyp" and data[8:12] in M4A_BRANDS:
        return M4A
    if recorded and data[:4] == EBML and b"webm" in data[:64] and b"A_OPUS" in data[:4096]:
        return WEBM
    return None


def max_bytes() -> int:
    return current_app.config["AUDIO_MAX_BYTES"]


def max_seconds() -> int:
    return current_app.config["AUDIO_MAX_SECONDS"]


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g}"


def check(name: str, stream, recorded: bool = False) -> Recording:
    """Read and check an uploaded audio file; raises ``AudioError``. ``recorded`` accepts the
    WebM of a browser recording too (citizens' voice messages)."""
    limit = max_bytes()
    data = stream.read(limit + 1)
    if not data:
        raise AudioError(_l("El archivo de audio %(name)s está vacío.", name=name))
    if len(data) > limit:
        raise AudioError(
            _l("El archivo de audio %(name)s pesa más de %(size)s MB.",
               name=name, size=megabytes(limit))
        )  # fmt: skip
    content_type = sniff(data, recorded)
    wrong = _l("El archivo %(name)s debe ser un audio Ogg/Opus, MP3 o M4A.", name=name)
    if content_type is None:
        raise AudioError(wrong)
    seconds = webm_seconds(data) if content_type == WEBM else None
    if content_type in TIMED:
        from mutagen import MutagenError

        try:
            seconds = _reader(content_type)(io.BytesIO(data)).info.length
        except (MutagenError, ValueError, IndexError, OverflowError, ZeroDivisionError):
            raise AudioError(wrong) from None
        if not seconds or seconds <= 0 or (content_type == M4A and not _has_sound_track(data)):
            raise AudioError(wrong)
    # A browser recording's blocks say how long it lasts too (when they do, it is held to the
    # same limit).
    if seconds is not None and seconds > max_seconds():
        raise AudioError(
            _l("El audio %(name)s dura más de %(minutes)d minutos. Acórtelo y súbalo otra vez.",
               name=name, minutes=max(1, max_seconds() // 60))
        )  # fmt: skip
    return Recording(name, content_type, data, seconds)


def _number(data: bytes, at: int, marker: bool) -> tuple[int, int, bool]:
    """An EBML variable-length number at ``at``: its value (an element's id keeps its length
    marker, a size does not), where the next one starts, and whether it is the "unknown size"
    a recorder writes while it streams."""
    first = data[at]
    if first == 0 or at + 9 - first.bit_length() > len(data):
        raise ValueError("not an EBML number")
    length = 9 - first.bit_length()
    value = first if marker else first & ((1 << (8 - length)) - 1)
    for byte in data[at + 1 : at + length]:
        value = value << 8 | byte
    return value, at + length, not marker and value == (1 << (7 * length)) - 1


def webm_seconds(data: bytes) -> float | None:
    """How long a browser's WebM recording lasts: its info's duration when it has one, else
    the time of its last block (Chromium's recorder, streaming, writes no duration). ``None``
    when the file does not say (a block cut short, an element of unknown size elsewhere)."""
    scale, duration, cluster, last = 1_000_000, None, 0, None
    at = 0
    try:
        while at < len(data):
            element, at, _marker = _number(data, at, marker=True)
            size, at, unknown = _number(data, at, marker=False)
            if element in (SEGMENT, INFO, CLUSTER, BLOCK_GROUP):
                continue  # its elements follow
            if unknown:
                return None
            body = data[at : at + size]
            if element == TIME_SCALE:
                scale = int.from_bytes(body, "big")
            elif element == DURATION and size in (4, 8):
                duration = struct.unpack(">f" if size == 4 else ">d", body)[0]
            elif element == CLUSTER_TIME:
                cluster = int.from_bytes(body, "big")
            elif element in (SIMPLE_BLOCK, BLOCK):
                _track, after, _unknown = _number(body, 0, marker=False)
                relative = int.from_bytes(body[after : after + 2], "big", signed=True)
                last = max(last or 0, cluster + relative)
            at += size
    except (ValueError, IndexError, struct.error):
        return None
    ticks = duration or last
    return ticks * scale / 1e9 if ticks else None


def _reader(content_type: str):
    """mutagen's parser of a format: loaded with the first recording checked, not in every
    process."""
    from mutagen.mp3 import MP3
    from mutagen.mp4 import MP4
    from mutagen.oggopus import OggOpus

    return {OGG: OggOpus, MP3_TYPE: MP3, M4A: MP4}[content_type]


def _has_sound_track(data: bytes) -> bool:
    """Whether an MP4 container holds an audio track (a video's brands may be the same)."""
    at = data.find(b"hdlr")
    while at != -1:
        if data[at + 12 : at + 16] == b"soun":
            return True
        at = data.find(b"hdlr", at + 4)
    return False
