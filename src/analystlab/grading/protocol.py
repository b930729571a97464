"""Length-prefixed JSON messages between the grader and its sandboxed workers."""

from __future__ import annotations

import json
import os
import struct

HEADER = struct.Struct(">Q")
MAX_MESSAGE = 64 * 1024 * 1024  # a job result never legitimately needs more


class ProtocolError(Exception):
    """The other side sent something that is not a message (or hung up)."""


def _jsonable(value):
    if isinstance(value, bytes):
        import base64

        return base64.b64encode(value).decode("ascii")
    return repr(value)


def encode(message: dict) -> bytes:
    body = json.dumps(message, default=_jsonable).encode("utf-8")
    return HEADER.pack(len(body)) + body


def claim_stdio() -> tuple[int, int]:
    """A worker's message pipes: stdin and stdout moved aside, /dev/null in their place, so a stray
    print or input() can never corrupt the protocol."""
    in_fd, out_fd = os.dup(0), os.dup(1)
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(devnull, 1)
    return in_fd, out_fd


def write_message(fd: int, message: dict) -> None:
    data = encode(message)
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def read_exact(fd: int, size: int) -> bytes:
    chunks, remaining = [], size
    while remaining:
        chunk = os.read(fd, min(remaining, 1 << 20))
        if not chunk:
            raise ProtocolError("connection closed")
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def read_message(fd: int) -> dict:
    (size,) = HEADER.unpack(read_exact(fd, HEADER.size))
    if size > MAX_MESSAGE:
        raise ProtocolError(f"message of {size} bytes is over the limit")
    try:
        message = json.loads(read_exact(fd, size))
    except ValueError as exc:
        raise ProtocolError(f"not a message: {exc}") from exc
    if not isinstance(message, dict):
        raise ProtocolError("not a message")
    return message


class MessageBuffer:
    """Splits a byte stream read in arbitrary pieces (non-blocking reads) into messages."""

    def __init__(self, limit: int = MAX_MESSAGE) -> None:
        self.data = bytearray()
        self.limit = limit
        self.total = 0

    def feed(self, chunk: bytes) -> list[dict]:
        self.total += len(chunk)
        if self.total > self.limit:
            raise ProtocolError("output limit exceeded")
        self.data += chunk
        messages = []
        while len(self.data) >= HEADER.size:
            (size,) = HEADER.unpack(self.data[: HEADER.size])
            if len(self.data) < HEADER.size + size:
                break
            body = bytes(self.data[HEADER.size : HEADER.size + size])
            del self.data[: HEADER.size + size]
            try:
                message = json.loads(body)
            except ValueError as exc:
                raise ProtocolError("garbled message") from exc
            if isinstance(message, dict):
                messages.append(message)
        return messages
