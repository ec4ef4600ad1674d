"""Demo AI trainers: varied countries, languages, skills and rates; a few not available and
one suspended, so every invite outcome can be tried. The data is `trainers.json` beside this
module (shipped inside the package): operator create bodies, the shape
`POST /api/admin/v1/freelancers` takes."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any


def demo_trainers() -> list[dict[str, Any]]:
    text = resources.files("hirehall.demo").joinpath("trainers.json").read_text("utf-8")
    bodies: list[dict[str, Any]] = json.loads(text)
    return bodies
