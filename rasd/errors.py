"""Coded errors. Every error says what went wrong and what to do next."""

from __future__ import annotations


class RasdError(Exception):
    """Base class: ``code`` is stable (documented), ``hint`` is the next step for the user."""

    code: str = "RASD000"
    hint: str = ""

    def __init__(self, message: str, *, hint: str | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if hint is not None:
            self.hint = hint
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        text = f"[{self.code}] {self.message}"
        if self.hint:
            text += f" — {self.hint}"
        return text

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message, "hint": self.hint}


class InputError(RasdError):
    """Bad input from a user: unreadable file, wrong encoding, empty text, bad option."""

    code = "RASD100"


class EncodingError(InputError):
    code = "RASD101"
    hint = "save the file as UTF-8 or pass --encoding"


class EmptyInputError(InputError):
    code = "RASD102"
    hint = "give a file or standard input with some text"


class InputTooLargeError(InputError):
    code = "RASD103"
    hint = "split the input or raise --max-bytes"


class KnowledgeBaseError(RasdError):
    """A knowledge-base data file is invalid; the message names the file and entry."""

    code = "RASD200"
    hint = "fix the named entry in the data file, then run `rasd kb build`"


class GoldFormatError(InputError):
    code = "RASD300"
    hint = "check the file against the format in shared/eval/README.md"


class StorageError(RasdError):
    code = "RASD400"
    hint = "check the --db URL and that the database is reachable"


class FetchError(RasdError):
    code = "RASD500"


class ExportError(RasdError):
    code = "RASD600"
