"""Safe, stable file names derived from document text (department names are input)."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|\s]+")


def safe_name(text: str, max_length: int = 60) -> str:
    """A file-name stem for ``text``: no separators, no leading dot, stable and unique.

    Characters that are unsafe in a file name are replaced; when anything had to
    change (or the name was cut), a short hash of the original keeps two different
    inputs from ever sharing a name.

    >>> safe_name("清远市清新区政务服务数据管理局")
    '清远市清新区政务服务数据管理局'
    >>> safe_name("../etc/passwd")
    'etc_passwd-e96c47ea'
    """
    original = unicodedata.normalize("NFC", str(text))
    name = _UNSAFE.sub("_", original).strip("._-")
    name = re.sub(r"\.{2,}", ".", name)
    changed = name != original or len(name) > max_length or not name
    name = name[:max_length].rstrip("._-") or "document"
    if changed:
        name = f"{name}-{hashlib.sha1(original.encode('utf-8')).hexdigest()[:8]}"
    return name


#: Last word of a file name that names one part of a disclosure published in several files.
_PART = re.compile(r"[-_ .](narrative|tables?|text|notes?|说明|情况说明|表格?|报表|part[-_ ]?\d+|\d+of\d+)$", re.I)


def disclosure_stem(name: str) -> str:
    """The disclosure a file belongs to: its stem without a part word (``-narrative``, ``-tables`` …).

    >>> disclosure_stem("js-party-office-2017-narrative.pdf")
    'js-party-office-2017'
    """
    stem = Path(name).stem
    return _PART.sub("", stem) or stem
