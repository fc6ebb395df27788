"""The example scenarios shipped inside the package."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from accord.model.errors import AccordError


def example_names() -> list[str]:
    """Names of the built-in examples."""
    folder = resources.files("accord") / "examples"
    return sorted(
        entry.name.removesuffix(".yaml") for entry in folder.iterdir() if entry.name.endswith(".yaml")
    )


def example_path(name: str = "peace-talks") -> Path:
    """Path of a built-in example scenario."""
    if name not in example_names():
        raise AccordError(f"no built-in example named '{name}' (there are: {', '.join(example_names())})")
    return Path(str(resources.files("accord") / "examples" / f"{name}.yaml"))
