"""The CJK font, chosen and registered in one place.

budgetkit draws Chinese labels with **WenQuanYi Micro Hei** (文泉驿微米黑), Debian's
``fonts-wqy-microhei`` (Apache-2.0 / GPLv3 with a font exception; a 1.6 MB download).
It covers every character of the documents read so far and works in all three places
that draw text: matplotlib (charts), reportlab (PDF fixtures) and Chromium (HTML
reports; a browser needs a *system* font, which is why this is not a Python package).

It is installed by the project's own set-up: ``scripts/install-system-deps.sh`` (run by
``make setup``, hence by ``make test``, ``make report`` and ``.ci/run``) installs the
Debian package when it is missing. Nothing else in budgetkit names a font file.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from budgetkit.errors import FontError

#: The family name matplotlib and Chromium know the font by.
FAMILY = "WenQuanYi Micro Hei"
#: The Debian package that provides it, installed by ``scripts/install-system-deps.sh``.
DEBIAN_PACKAGE = "fonts-wqy-microhei"
#: Where Debian puts the font file; ``BUDGETKIT_CJK_FONT`` names another file of it.
CANDIDATES: tuple[str, ...] = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
    "/usr/local/share/fonts/wqy-microhei.ttc",
)
#: The name reportlab registers the font under.
REPORTLAB_NAME = "WenQuanYiMicroHei"
INSTALL_HINT = (f"install the CJK font with `bash scripts/install-system-deps.sh` (Debian package "
                f"{DEBIAN_PACKAGE}; `make setup` runs it), or set BUDGETKIT_CJK_FONT to its .ttc file")


def font_path() -> Path:
    """The font file: ``$BUDGETKIT_CJK_FONT`` if set, else the first Debian location found.

    Raises
    ------
    FontError
        The font is not installed.
    """
    override = os.environ.get("BUDGETKIT_CJK_FONT")
    if override:
        if not Path(override).is_file():
            raise FontError(f"BUDGETKIT_CJK_FONT={override}: no such file")
        return Path(override)
    for candidate in CANDIDATES:
        if Path(candidate).is_file():
            return Path(candidate)
    raise FontError(f"the CJK font {FAMILY} is not installed; {INSTALL_HINT}")


@functools.cache
def register_matplotlib() -> str:
    """Add the font to matplotlib and put it first in the sans-serif list; its family name.

    Idempotent. ``axes.unicode_minus`` is switched off, since the font has no U+2212.
    """
    import matplotlib as mpl
    from matplotlib import font_manager

    path = font_path()
    font_manager.fontManager.addfont(str(path))
    family = font_manager.FontProperties(fname=str(path)).get_name()
    sans = [f for f in mpl.rcParams["font.sans-serif"] if f != family]
    mpl.rcParams["font.sans-serif"] = [family, *sans]
    mpl.rcParams["font.family"] = "sans-serif"
    mpl.rcParams["axes.unicode_minus"] = False
    return family


def matplotlib_rc() -> dict:
    """rc settings that make a figure use the font (for ``plt.rc_context``)."""
    family = register_matplotlib()
    return {"font.family": "sans-serif", "font.sans-serif": [family, "DejaVu Sans"], "axes.unicode_minus": False}


@functools.cache
def register_reportlab() -> str:
    """Register the font with reportlab (first face of the .ttc); the name to draw with."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont(REPORTLAB_NAME, str(font_path()), subfontIndex=0))
    return REPORTLAB_NAME


def css_font_family() -> str:
    """The CSS ``font-family`` value for HTML reports (Chromium finds the system font)."""
    return f"'{FAMILY}', sans-serif"


def missing_glyphs(text: str) -> set[str]:
    """The characters of ``text`` (whitespace aside) that the font has no glyph for."""
    from matplotlib.ft2font import FT2Font

    charmap = FT2Font(str(font_path())).get_charmap()
    return {ch for ch in set(text) if not ch.isspace() and ord(ch) not in charmap}
