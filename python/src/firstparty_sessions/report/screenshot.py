"""A picture of the report page: headless Chromium renders it to a PNG."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Final

#: The browsers tried, in order (Debian's package is `chromium`).
BROWSERS: Final = ("chromium", "chromium-browser", "google-chrome")


def find_browser() -> str | None:
    """The path of a Chromium-like browser on PATH, or None."""
    for name in BROWSERS:
        path = shutil.which(name)
        if path is not None:
            return path
    return None


def screenshot(page: Path, png: Path, width: int = 1280, height: int = 2000) -> None:
    """Renders the HTML file `page` (offline: a file URL) to `png`, width x height pixels.
    Raises RuntimeError with one line when no browser is installed or it fails."""
    browser = find_browser()
    if browser is None:
        raise RuntimeError(f"no Chromium found on PATH (tried {', '.join(BROWSERS)})")
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                f"--user-data-dir={profile}",
                f"--window-size={width},{height}",
                "--virtual-time-budget=5000",
                f"--screenshot={png.resolve()}",
                page.resolve().as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    if result.returncode != 0 or not png.is_file():
        last = (result.stderr.strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(f"{browser} could not render {page}: {last}")
