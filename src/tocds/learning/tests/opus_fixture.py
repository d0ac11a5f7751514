"""A tiny valid Ogg Opus recording written by hand (no encoder on the test machines): the
identification and comment headers, then one second of silence as 50 CELT frames of 20 ms
(the well-known silent packet F8 FF FE), each page with its Ogg CRC. Run this module to
write `fixtures/silence.ogg` again; the tests read the committed file."""

import struct
from pathlib import Path

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "silence.ogg"
SILENT_PACKET = b"\xf8\xff\xfe"  # TOC: CELT-only fullband 20 ms, mono, one frame; silence
SERIAL = 0x746F6364  # "tocd"


def _crc_table() -> list[int]:
    table = []
    for i in range(256):
        r = i << 24
        for _ in range(8):
            r = ((r << 1) ^ 0x04C11DB7) if r & 0x80000000 else (r << 1)
        table.append(r & 0xFFFFFFFF)
    return table


_TABLE = _crc_table()


def ogg_crc(data: bytes) -> int:
    crc = 0
    for byte in data:
        crc = ((crc << 8) & 0xFFFFFFFF) ^ _TABLE[((crc >> 24) & 0xFF) ^ byte]
    return crc


def page(packets: list[bytes], *, sequence: int, granule: int, flags: int) -> bytes:
    lacing = []
    for packet in packets:
        size = len(packet)
        lacing += [255] * (size // 255) + [size % 255]
    header = struct.pack(
        "<4sBBqIIIB", b"OggS", 0, flags, granule, SERIAL, sequence, 0, len(lacing)
    ) + bytes(lacing)
    body = header + b"".join(packets)
    crc = ogg_crc(body)
    return body[:22] + struct.pack("<I", crc) + body[26:]


def silence(frames: int = 50) -> bytes:
    pre_skip = 312
    head = b"OpusHead" + struct.pack("<BBHIhB", 1, 1, pre_skip, 48000, 0, 0)
    vendor = b"tocds test"
    tags = b"OpusTags" + struct.pack("<I", len(vendor)) + vendor + struct.pack("<I", 0)
    return (
        page([head], sequence=0, granule=0, flags=0x02)
        + page([tags], sequence=1, granule=0, flags=0)
        + page([SILENT_PACKET] * frames, sequence=2, granule=frames * 960, flags=0x04)
    )


if __name__ == "__main__":
    FIXTURE.write_bytes(silence())
