"""Every style the purchase's detail draws text in reads at WCAG AA (4.5:1) in every shipped
theme, against both backgrounds it sits on (the screen's and the field table's surface) — the
API field names under the labels were once drawn black on the dark themes."""

from __future__ import annotations

import pytest
from textual.color import Color
from textual.theme import Theme

from console.tui.contrast import contrast_ratio, text_colour_for
from console.tui.themes import load_themes, shipped_themes_dir
from console.tui.tones import DETAIL_STYLES, WIRE_NAME_STYLE

WCAG_AA = 4.5
THEMES = load_themes([shipped_themes_dir()]).themes


def resolve(value: str, variables: dict[str, str], background: Color) -> Color:
    """A colour as Textual would draw it over `background`: a variable looked up, `auto N%`
    as the contrasting text colour at N%, an alpha blended over the background."""
    if value.startswith("$"):
        value = variables[value[1:]]
    if value.startswith("auto"):
        alpha = float(value.split()[1].rstrip("%")) / 100 if " " in value else 1.0
        return background.blend(text_colour_for(background), alpha)
    colour = Color.parse(value)
    return background.blend(colour.with_alpha(1.0), colour.a) if colour.a < 1 else colour


def colours(style: str, variables: dict[str, str], background: Color) -> tuple[Color, Color]:
    """(text, background) of a style such as `bold $text-error` or `bold $background on $error`."""
    words = [word for word in style.split() if word not in ("bold", "italic", "underline")]
    if "on" in words:
        at = words.index("on")
        behind = resolve(" ".join(words[at + 1 :]), variables, background)
        return resolve(" ".join(words[:at]), variables, behind), behind
    return resolve(" ".join(words), variables, background), background


@pytest.mark.parametrize("theme", THEMES, ids=[theme.name for theme in THEMES])
@pytest.mark.parametrize("style", DETAIL_STYLES)
def test_each_detail_style_reads_in_each_theme(theme: Theme, style: str) -> None:
    variables = theme.to_color_system().generate()
    for where in ("background", "surface"):
        text, behind = colours(style, variables, Color.parse(variables[where]))
        ratio = contrast_ratio(text, behind)
        assert ratio >= WCAG_AA, f"{style} on {where} in {theme.name}: {ratio:.2f}:1"


def test_the_field_names_are_not_the_style_a_table_cell_draws_black() -> None:
    # `$text-muted` is `auto 60%`: a DataTable cell resolves `auto` against no background.
    assert "text-muted" not in WIRE_NAME_STYLE
    assert len(THEMES) >= 3
