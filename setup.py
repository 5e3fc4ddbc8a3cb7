"""Only what pyproject.toml cannot say: the top-level `themes/` folder ships inside the wheel
as `console/themes/` (setuptools maps a folder outside the package tree only for a package it
is told about, and `packages.find` cannot be told). Everything else is in pyproject.toml."""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["console*"]), "console.themes"],
    package_dir={"console.themes": "themes"},
)
