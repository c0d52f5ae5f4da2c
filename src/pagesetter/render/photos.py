"""The photos of one document as ReportLab draws them: each separated for newsprint
(colour.press_image) and read into a ReportLab image reader by a thread of its own, started when
the photo is first placed, so the separation overlaps with drawing the text (Pillow and
LittleCMS release the interpreter lock while they work).

A reader is kept (kept.py) by the photo's key and its file's content: ReportLab names an image
by a digest of its decoded samples, so a reader decodes its photo once to be named, and a warm
process (`pagesetter watch`) draws the same photos again and again.
"""
from __future__ import annotations

import contextvars
import io
import threading

from ..cache import file_digest
from ..colour import PressImage, press_image
from ..kept import current


class PhotoReaders:
    """The distinct photos of one document by press key (colour.press_key)."""

    def __init__(self) -> None:
        self._results: dict[tuple, object] = {}  # a reader, or the exception that stopped it
        self._threads: dict[tuple, threading.Thread] = {}

    def start(self, key: tuple) -> None:
        """Begin separating and reading the photo of `key` (once, and not when a reader of the
        same photo is kept)."""
        if key in self._threads or (key, _content(key)) in current().photo_readers:
            return
        # The thread runs in this build's context, so it finds the same kept photos.
        context = contextvars.copy_context()
        thread = threading.Thread(target=context.run, args=(self._separate, key), daemon=True,
                                  name="pagesetter-photo")
        self._threads[key] = thread
        thread.start()

    def reader(self, key: tuple):
        """The reader of the photo of `key`, kept by its file's content (a photo replaced under
        the same name is a new photo); raises what stopped its separation."""
        digest = _content(key)
        if not digest:
            return self._waited(key)
        return current().photo_readers.get((key, digest), lambda: self._waited(key))

    def _separate(self, key: tuple) -> None:
        try:
            self._results[key] = _image_reader(press_image(*key))
        except BaseException as exc:  # noqa: BLE001 — raised again in the waiting thread
            self._results[key] = exc

    def _waited(self, key: tuple):
        thread = self._threads.get(key)
        if thread is None:
            self._separate(key)
        else:
            thread.join()
        result = self._results[key]
        if isinstance(result, BaseException):
            raise result
        return result


def _content(key: tuple) -> str:
    """The photo file's digest ("" when it cannot be read: its separation says why)."""
    try:
        return file_digest(key[0])
    except OSError:
        return ""


def _image_reader(press: PressImage):
    """The separated photo as ReportLab reads it, its samples already read: a CMYK JPEG passes
    through as it is (DCT), lossless samples are handed over as a CMYK picture."""
    from reportlab.lib.utils import ImageReader

    if press.encoding == "jpeg":
        reader = ImageReader(io.BytesIO(press.data))
    else:
        import zlib

        from PIL import Image

        reader = ImageReader(Image.frombytes("CMYK", (press.width, press.height),
                                             zlib.decompress(press.data)))
    # drawImage names an image by a digest of its decoded samples, which it asks the reader
    # for; the reader keeps them once read. Reading them here, in the photo's own thread
    # (Pillow decodes without the interpreter lock), takes the decoding out of the save.
    reader.getRGBData()
    return reader
