"""Versioned prompt files, loaded and filled strictly.

A prompt `NAME.vN` is three files in `prompts/`: `NAME.vN.system.md` (the
instructions), `NAME.vN.md` (the user turn carrying the article) and
`NAME.vN.reask.md` (what the model is told after an invalid answer). They are
`string.Template` texts (`${var}`), so the JSON braces in them need no
escaping. Filling is strict both ways: a `${var}` with no value, or a value
with no `${var}`, raises PromptError naming it.

Where the files are: `prompts/` at the repository root in a checkout (the
files you edit), and `pipeline/prompts/` inside an installed package. In the
repository `pipeline/prompts` is a symlink to `../prompts`, and pyproject's
package-data ships its `*.md` files, so a non-editable install carries real
copies and both layouts resolve to the same texts.
"""

from __future__ import annotations

import hashlib
import string
from dataclasses import dataclass
from pathlib import Path

from ..errors import PromptError

DEFAULT_PROMPT = "extract_claims.v2"
_PACKAGE = Path(__file__).resolve().parent.parent


def prompt_dirs() -> list[Path]:
    """Where prompt files are looked for, first match wins: the repository, then the installed package."""
    return [_PACKAGE.parent / "prompts", _PACKAGE / "prompts"]


def read_prompt_file(filename: str) -> str:
    """The text of one prompt file; PromptError naming the file and the places searched if it is missing."""
    for d in prompt_dirs():
        p = d / filename
        if p.is_file():
            return p.read_text(encoding="utf-8")
    raise PromptError(f"prompt file {filename} not found in " + " or ".join(str(d) for d in prompt_dirs()))


def render(template: str, name: str, **values: str) -> str:
    """Fill `${var}`s in `template` (from file `name`) with `values`, strictly.

    Raises PromptError when a variable has no value, a value has no variable,
    or the template has a malformed `$` placeholder (write `$$` for a dollar).
    """
    t = string.Template(template)
    if not t.is_valid():
        raise PromptError(f"prompt {name}: malformed $ placeholder (write $$ for a literal dollar sign)")
    wanted = set(t.get_identifiers())
    for var in sorted(wanted - values.keys()):
        raise PromptError(f"prompt {name}: template variable ${{{var}}} has no value")
    for var in sorted(values.keys() - wanted):
        raise PromptError(f"prompt {name}: value given for ${{{var}}} but the template does not use it")
    return t.substitute(values)


@dataclass(frozen=True)
class Prompt:
    """The three texts of one prompt version; `digest` changes whenever any of them does."""

    version: str
    system: str
    user: str
    reask: str

    @classmethod
    def load(cls, version: str = DEFAULT_PROMPT) -> Prompt:
        """Read `VERSION.system.md`, `VERSION.md` and `VERSION.reask.md`; PromptError if one is missing."""
        return cls(
            version=version,
            system=read_prompt_file(f"{version}.system.md"),
            user=read_prompt_file(f"{version}.md"),
            reask=read_prompt_file(f"{version}.reask.md"),
        )

    @property
    def digest(self) -> str:
        h = hashlib.sha256()
        for part in (self.version, self.system, self.user, self.reask):
            h.update(part.encode("utf-8"))
            h.update(b"\0")
        return h.hexdigest()

    def system_text(self, *, schema: str) -> str:
        return render(self.system, f"{self.version}.system.md", schema=schema)

    def user_text(self, *, article: str) -> str:
        # The article is data between tags; a closing tag inside it must not end the data early.
        safe = article.replace("</article>", "</ article>")
        return render(self.user, f"{self.version}.md", article=safe)

    def reask_text(self, *, error: str) -> str:
        return render(self.reask, f"{self.version}.reask.md", error=error)
