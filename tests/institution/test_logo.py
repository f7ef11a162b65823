"""The logo is judged by its content: a real PNG, or an SVG that only draws."""

import io

import pytest
from PIL import Image

from app.core.rules import RuleError
from app.institution.services import check_logo, parse_channels, svg_problem


def png_bytes(size=(40, 20)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (97, 18, 50)).save(buffer, "PNG")
    return buffer.getvalue()


SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
    b'<rect width="10" height="10" fill="#611232"/></svg>'
)


def test_a_png_and_a_drawing_svg_are_accepted():
    assert check_logo(png_bytes()) == "image/png"
    assert check_logo(SVG) == "image/svg+xml"
    gradient = (
        b'<svg xmlns="http://www.w3.org/2000/svg"><defs><linearGradient id="g"/></defs>'
        b'<rect fill="url(#g)" width="5" height="5"/></svg>'
    )
    assert check_logo(gradient) == "image/svg+xml"


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\nnot really a png",  # a PNG's signature, then anything
        b"GIF89a" + b"\x00" * 20,
        b"MZ\x90\x00 an executable renamed logo.png",
        b"%PDF-1.4 a document",
    ],
)
def test_anything_but_a_png_or_svg_is_refused(data):
    with pytest.raises(RuleError) as refused:
        check_logo(data)
    assert "PNG o SVG" in str(refused.value.problems["logotipo"])


@pytest.mark.parametrize(
    "svg",
    [
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
        '<image x:href="https://tracker.example/pixel.png"/></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"><rect/></a></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p></foreignObject></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://x.example/a.css);</style></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(https://x.example/f)"/></svg>',
        '<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><use href="other.svg#icon"/></svg>',
    ],
)
def test_an_svg_with_code_or_external_references_is_refused(svg):
    assert svg_problem(svg.encode())
    with pytest.raises(RuleError) as refused:
        check_logo(svg.encode())
    assert "SVG" in str(refused.value.problems["logotipo"])


def test_a_large_logo_is_refused():
    with pytest.raises(RuleError) as refused:
        check_logo(png_bytes() + b"\x00" * 600_000)
    assert "512 KB" in str(refused.value.problems["logotipo"])


def test_channels_are_typed_one_per_line():
    assert parse_channels("Facebook | https://facebook.com/x\n\n X | https://x.com/y ") == [
        {"label": "Facebook", "url": "https://facebook.com/x"},
        {"label": "X", "url": "https://x.com/y"},
    ]
    for wrong in ("Facebook", "Facebook | facebook.com/x", "| https://x.com"):
        with pytest.raises(RuleError) as refused:
            parse_channels("A | https://a.example\n" + wrong)
        assert "línea 2" in str(refused.value.problems["canales"])
