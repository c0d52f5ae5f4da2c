"""The photos of one document as ReportLab draws them: each separated for newsprint
(colour.press_image) by a thread of its own, started when the photo is first placed, so the
separation overlaps with drawing the text (Pillow and LittleCMS release the interpreter lock).

A photo separated as a CMYK JPEG is handed to ReportLab as a file, which ReportLab embeds as it
is (DCT) without decoding it: the JPEG is written to a folder of the document's own, removed
once the document is saved. ReportLab names an image drawn from a file by a digest of the
file's name, which differs from one run to the next; pdfx.py renames every image by a digest of
its content, so the same input still gives the same bytes. A photo kept lossless (its JPEG would
break the ink limit) is handed over as its CMYK samples.
"""
from __future__ import annotations

import contextvars
import tempfile
import threading
from pathlib import Path

from ..colour import PressImage, press_image


class PhotoSources:
    """The distinct photos of one document by press key (colour.press_key), each as ReportLab's
    drawImage takes it: a JPEG file's path, or a reader of CMYK samples."""

    def __init__(self) -> None:
        self._results: dict[tuple, object] = {}  # a source, or the exception that stopped it
        self._threads: dict[tuple, threading.Thread] = {}
        self._folder: tempfile.TemporaryDirectory | None = None

    def start(self, key: tuple) -> None:
        """Begin separating the photo of `key` (once)."""
        if key in self._threads:
            return
        if self._folder is None:
            self._folder = tempfile.TemporaryDirectory(prefix="pagesetter-photos-")
        # The thread runs in this build's context, so it finds the same kept photos.
        context = contextvars.copy_context()
        thread = threading.Thread(target=context.run, args=(self._separate, key,
                                                            len(self._threads) + 1),
                                  daemon=True, name="pagesetter-photo")
        self._threads[key] = thread
        thread.start()

    def source(self, key: tuple):
        """What drawImage takes for the photo of `key`; raises what stopped its separation."""
        thread = self._threads.get(key)
        if thread is None:
            self.start(key)
            thread = self._threads[key]
        thread.join()
        result = self._results[key]
        if isinstance(result, BaseException):
            raise result
        return result

    def close(self) -> None:
        """Remove the document's JPEG files (once it is saved)."""
        for thread in self._threads.values():
            thread.join()
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None

    def _separate(self, key: tuple, number: int) -> None:
        try:
            self._results[key] = self._drawable(press_image(*key), number)
        except BaseException as exc:  # noqa: BLE001 — raised again in the waiting thread
            self._results[key] = exc

    def _drawable(self, press: PressImage, number: int):
        if press.encoding == "jpeg":
            assert self._folder is not None
            path = Path(self._folder.name) / f"photo{number}.jpg"
            path.write_bytes(press.data)
            return str(path)
        import zlib

        from PIL import Image
        from reportlab.lib.utils import ImageReader

        return ImageReader(Image.frombytes("CMYK", (press.width, press.height),
                                           zlib.decompress(press.data)))
