"""Small audio files built byte by byte (no encoder needed), valid enough for the checks: their
formats' parsers read them and say how long they last."""

import io
import struct

from mutagen.ogg import OggPage

OPUS_RATE = 48000


def ogg_opus(seconds: float = 2.0) -> bytes:
    """An Ogg stream with an Opus header, its tags and one (silent) audio page ending at
    ``seconds``."""
    head = b"OpusHead" + struct.pack("<BBHIhB", 1, 1, 312, OPUS_RATE, 0, 0)
    tags = b"OpusTags" + struct.pack("<I", 4) + b"test" + struct.pack("<I", 0)
    pages = []
    for sequence, (packet, position) in enumerate(
        [(head, 0), (tags, 0), (b"\xf8\xff\xfe", int(seconds * OPUS_RATE) + 312)]
    ):
        page = OggPage()
        page.serial, page.sequence, page.position = 1, sequence, position
        page.first = sequence == 0
        page.last = sequence == 2
        page.packets = [packet]
        pages.append(page.write())
    return b"".join(pages)


def mp3(seconds: float = 2.0) -> bytes:
    """MPEG-1 Layer III frames at 32 kbit/s, 32 kHz (144 bytes, 36 ms each), silent."""
    header = bytes([0xFF, 0xFB, 0x18, 0xC4])
    frame = header + bytes(144 - len(header))
    return frame * max(3, int(seconds / 0.036))


def _box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def m4a(seconds: float = 2.0, brand: bytes = b"M4A ", handler: bytes = b"soun") -> bytes:
    """An MP4 container with one track whose handler is ``handler`` (audio: ``soun``)."""
    rate = 44100
    ftyp = _box(b"ftyp", brand + struct.pack(">I", 0) + b"M4A isom")
    mdhd = _box(b"mdhd", struct.pack(">IIIII", 0, 0, 0, rate, int(seconds * rate)) + b"\0" * 4)
    hdlr = _box(b"hdlr", struct.pack(">II", 0, 0) + handler + b"\0" * 12 + b"\0")
    mvhd = _box(b"mvhd", struct.pack(">IIIII", 0, 0, 0, 1000, int(seconds * 1000)) + b"\0" * 80)
    moov = _box(b"moov", mvhd + _box(b"trak", _box(b"mdia", mdhd + hdlr)))
    return ftyp + moov + _box(b"mdat", b"\0" * 64)


def webm_recording() -> bytes:
    """The start of what a browser's recorder writes: an EBML header naming WebM, then a track
    whose codec is Opus (enough for the content check; nothing here decodes it)."""
    return (
        b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81\x08"
        b"\x42\x82\x84webm\x42\x87\x81\x04\x42\x85\x81\x02"
        b"\x18\x53\x80\x67\x01\xff\xff\xff\xff\xff\xff\xff\x86\x81\x01\x86\x86A_OPUS" + bytes(256)
    )


def upload(data: bytes, name: str) -> tuple[io.BytesIO, str]:
    """A file for the test client's form data."""
    return io.BytesIO(data), name


def _element(element_id: bytes, payload: bytes) -> bytes:
    """An EBML element with a one-byte size (payloads under 127 bytes)."""
    return element_id + bytes([0x80 | len(payload)]) + payload


def webm_recording_of(seconds: float) -> bytes:
    """What Chromium's recorder writes, streaming: an EBML header, a segment and clusters of
    unknown size, no duration; Opus blocks every 20 ms of the first second and the last block
    ``seconds`` after the start, in a second cluster."""
    header = _element(b"\x1a\x45\xdf\xa3", _element(b"\x42\x82", b"webm"))
    unknown = b"\x01\xff\xff\xff\xff\xff\xff\xff"
    info = _element(b"\x15\x49\xa9\x66", _element(b"\x2a\xd7\xb1", (1_000_000).to_bytes(3)))
    tracks = _element(b"\x16\x54\xae\x6b", _element(b"\xae", _element(b"\x86", b"A_OPUS")))

    def block(time: int) -> bytes:
        return _element(b"\xa3", b"\x81" + time.to_bytes(2, signed=True) + b"\x80" + bytes(8))

    first = b"".join(block(t) for t in range(0, 1000, 20))
    end = int(seconds * 1000)
    clusters = (
        b"\x1f\x43\xb6\x75" + unknown + _element(b"\xe7", b"\x00") + first
        + b"\x1f\x43\xb6\x75" + unknown + _element(b"\xe7", (end - 500).to_bytes(2)) + block(500)
    )  # fmt: skip
    return header + b"\x18\x53\x80\x67" + unknown + info + tracks + clusters
