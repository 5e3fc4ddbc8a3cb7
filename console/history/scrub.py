"""Last line of defence in the history: no API key, nor any long piece of one, lands in a
stored field. The history's name for the one masking function every output path uses
(console/key_masking.py), so what is stored, exported and shown is masked alike."""

from __future__ import annotations

from console.key_masking import mask_keys as scrub
from console.key_masking import mask_keys_json as scrub_json

__all__ = ["scrub", "scrub_json"]
