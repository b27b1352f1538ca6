"""Prompt templates kept as files in prompts/, checked when they are filled."""

from __future__ import annotations

import string
import sys
from functools import lru_cache
from pathlib import Path

from .errors import PromptError


def _prompts_dir() -> Path:
    """Return prompts/ of the checkout, or the copy a regular install puts under share/."""
    checkout = Path(__file__).resolve().parents[1] / "prompts"
    installed = Path(sys.prefix) / "share" / "casebook" / "prompts"
    return checkout if checkout.is_dir() or not installed.is_dir() else installed


PROMPTS_DIR = _prompts_dir()


def placeholders(template: str) -> set[str]:
    """Return the names of the ``{placeholders}`` in a template."""
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(template)]
    except ValueError as err:
        raise PromptError(f"prompt template is malformed: {err}") from err
    if any(name == "" or (name is not None and name.isdigit()) for name in fields):
        raise PromptError("prompt template has a positional {} placeholder; name it")
    return {name for name in fields if name}


@lru_cache(maxsize=16)
def load_template(name: str, folder: Path = PROMPTS_DIR) -> str:
    """Return the text of ``prompts/<name>.txt``."""
    path = folder / f"{name}.txt"
    if not path.is_file():
        raise PromptError(f"prompt template {path} not found")
    return path.read_text(encoding="utf-8")


def render(name: str, folder: Path = PROMPTS_DIR, /, **values: str) -> str:
    """Fill a template; every placeholder must be given and every value must be used."""
    template = load_template(name, folder)
    wanted = placeholders(template)
    missing = wanted - values.keys()
    extra = values.keys() - wanted
    if missing or extra:
        raise PromptError(
            f"prompt {name!r}: missing {sorted(missing)}, unexpected {sorted(extra)}"
        )
    return template.format(**values)
