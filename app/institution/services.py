"""The institution's identity: read once per request (or from the page cache), saved by admins.

Pages read ``identity()``: a snapshot of the one ``Institution`` row without its logo's bytes,
kept with the cached pages for ``PAGE_CACHE_SECONDS`` and once per request. Saving clears the
page cache, so the public pages show the new values at once (with several workers and no Redis,
each worker's own cache still expires within ``PAGE_CACHE_SECONDS``).
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import asdict, dataclass, field

# Only to walk an SVG after refusing any DOCTYPE or entity (no entity expansion, no external
# resolution, which is what defusedxml guards against) (bandit B405, B314).
from xml.etree import ElementTree  # nosec B405

from flask import current_app, has_request_context, request, url_for
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from app.core.cache import clear_cache, remember
from app.core.clock import utcnow
from app.core.lazy_text import lazy_gettext as _l
from app.core.rules import RuleError
from app.extensions import db
from app.institution.models import THE_INSTITUTION, Institution
from app.staff.models import User
from app.staff.services import audit

MAX_LOGO_BYTES = 512 * 1024
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG_NAMESPACE = "{http://www.w3.org/2000/svg}"
# Elements that run code or pull other documents in.
SVG_FORBIDDEN = {"script", "foreignobject", "iframe", "embed", "object", "audio", "video"}
# The texts and contacts, as the form and the audit log name them.
FIELDS = (
    "name",
    "short_name",
    "address",
    "email",
    "phone",
    "privacy_controller",
    "privacy_email",
    "privacy_phone",
    "accessibility_email",
    "accessibility_phone",
    "channels",
    "logo_alt",
    "escalation",
)


@dataclass(frozen=True)
class Identity:
    """What the pages show of the institution (plain values, kept in the page cache)."""

    saved: bool = False  # False until staff (or seed-demo) save it
    name: dict = field(default_factory=dict)
    short_name: dict = field(default_factory=dict)
    address: str = ""
    email: str = ""
    phone: str = ""
    privacy_controller: str = ""
    privacy_email: str = ""
    privacy_phone: str = ""
    accessibility_email: str = ""
    accessibility_phone: str = ""
    channels: list = field(default_factory=list)
    logo_type: str | None = None
    logo_digest: str | None = None
    logo_alt: dict = field(default_factory=dict)
    escalation: dict = field(default_factory=dict)

    @property
    def named(self) -> bool:
        """Whether the portal knows whose it is (a saved name or ``INSTITUTION_NAME``)."""
        return bool(self.name.get("es"))

    @property
    def logo_url(self) -> str | None:
        if not self.logo_digest:
            return None
        return url_for("institution.logo", digest=self.logo_digest)


def _default() -> Identity:
    """A fresh install's institution: the environment's name, nothing else."""
    default = current_app.config["INSTITUTION_NAME"]
    return Identity(name={"es": default} if default else {})


# The row's columns as plain values, read from the table rather than through the model: every
# page reads them, and loading the row as an object took a third of the time of a page that
# shows nothing else, the ORM's columns 60 % longer than the table's.
_TABLE = Institution.__table__
_SNAPSHOT = select(*(_TABLE.c[name] for name in (*FIELDS, "logo_type", "logo_digest"))).where(
    _TABLE.c.id == THE_INSTITUTION
)


def _snapshot() -> dict:
    row = db.session.execute(_SNAPSHOT).one_or_none()
    if row is None:
        return asdict(_default())
    return {**row._mapping, "saved": True}


def identity() -> Identity:
    """The institution as pages show it: read at most once per request."""
    if not has_request_context():
        return Identity(**_snapshot())
    found = request.environ.get("portal.institution")
    if found is None:
        seconds = current_app.config["PAGE_CACHE_SECONDS"]
        try:
            found = Identity(**remember("institution", seconds, _snapshot))
        except SQLAlchemyError:
            # The database is down: the error page still shows, with the default name.
            db.session.rollback()
            found = _default()
        request.environ["portal.institution"] = found
    return found


def current_institution() -> Institution | None:
    """The saved row, for the form (``None`` on a fresh install)."""
    return db.session.get(Institution, THE_INSTITUTION)


def logo_file(digest: str) -> tuple[bytes, str] | None:
    """The logo's bytes and content type when ``digest`` names the current logo."""
    row = db.session.get(Institution, THE_INSTITUTION)
    if row is None or not row.logo_digest or row.logo_digest != digest:
        return None
    return row.logo, row.logo_type


def check_logo(data: bytes) -> str:
    """The content type of an acceptable logo (PNG, or SVG without scripts or external
    references), judged by its bytes; raises ``RuleError`` for the field ``logotipo``."""
    if not data:
        raise RuleError({"logotipo": _l("El archivo del logotipo está vacío.")})
    if len(data) > MAX_LOGO_BYTES:
        raise RuleError({"logotipo": _l("El logotipo debe pesar como máximo 512 KB.")})
    if data.startswith(PNG_SIGNATURE):
        from PIL import Image, UnidentifiedImageError  # Pillow loads with the first logo only

        try:
            with Image.open(io.BytesIO(data)) as image:
                image.verify()
                if image.format == "PNG":
                    return "image/png"
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            pass
    elif _looks_like_svg(data):
        if svg_problem(data):
            raise RuleError(
                {
                    "logotipo": _l(
                        "El SVG contiene código o referencias a otros archivos; "
                        "guárdelo sin ellos o use un PNG."
                    )
                }
            )
        return "image/svg+xml"
    raise RuleError({"logotipo": _l("El logotipo debe ser una imagen PNG o SVG.")})


def _looks_like_svg(data: bytes) -> bool:
    head = data[:1024].lstrip(b"\xef\xbb\xbf").lstrip()
    return head.startswith(b"<") and b"<svg" in data[:4096]


URL_REFERENCE = re.compile(r"url\(\s*['\"]?\s*([^)'\"\s]*)", re.IGNORECASE)


def _external(value: str) -> bool:
    """A reference to anything but a part of the same document."""
    if "javascript:" in value.lower().replace(" ", ""):
        return True
    return any(not target.startswith("#") for target in URL_REFERENCE.findall(value))


def svg_problem(data: bytes) -> str | None:
    """Why an SVG is refused: a DOCTYPE or entity, not SVG, a script, an event handler, a link
    or a reference to another file (``None`` when it is only drawing)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return "not UTF-8"
    if re.search(r"<!(DOCTYPE|ENTITY)", text, re.IGNORECASE):
        return "DOCTYPE or entity"
    try:
        # No DOCTYPE, so no entity to expand or resolve (see the imports).
        root = ElementTree.fromstring(text)  # nosec B314
    except ElementTree.ParseError:
        return "not XML"
    if root.tag != f"{SVG_NAMESPACE}svg":
        return "not SVG"
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        local = element.tag.rsplit("}", 1)[-1].lower()
        if local in SVG_FORBIDDEN:
            return f"element {local}"
        style = element.text or "" if local == "style" else ""
        if "@import" in style or _external(style):
            return "style with a reference"
        for name, value in element.attrib.items():
            attribute = name.rsplit("}", 1)[-1].lower()
            if attribute.startswith("on"):
                return f"attribute {attribute}"
            if attribute in {"href", "src"} and not value.strip().startswith("#"):
                return f"{attribute} to another file"
            if _external(value):
                return f"reference in {attribute}"
    return None


def parse_channels(text: str) -> list[dict]:
    """Channels typed one per line as ``name | https://address``; raises ``RuleError`` for the
    field ``canales`` with the first line that is not so."""
    channels = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        label, bar, url = (part.strip() for part in line.partition("|"))
        if not bar or not label or not re.match(r"^https?://[^\s/$.?#][^\s]*$", url, re.I):
            raise RuleError(
                {
                    "canales": _l(
                        "Escriba en la línea %(number)d el nombre, una barra | y una dirección "
                        "que empiece con https://, como: Facebook | https://facebook.com/…",
                        number=number,
                    )
                }
            )
        channels.append({"label": label[:80], "url": url[:500]})
    return channels


def channels_text(channels: list[dict]) -> str:
    return "\n".join(f"{channel['label']} | {channel['url']}" for channel in channels or [])


def save_institution(
    values: dict,
    by: User | None,
    ip: str | None = None,
    logo: bytes | None = None,
    remove_logo: bool = False,
) -> Institution:
    """Save the institution's texts and contacts (``values``, by the names of ``FIELDS``; the
    channels as a list or typed one per line) and its new logo (or remove it); audit what
    changed and clear the page cache, so the public pages show it at once. Raises
    ``RuleError`` for a name without Spanish, wrong channels, a refused logo or a logo without
    its text alternative; nothing is saved then."""
    if not (values.get("name") or {}).get("es"):
        raise RuleError({"nombre_es": _l("Escriba el nombre de la institución en español.")})
    if isinstance(values.get("channels"), str):
        values = values | {"channels": parse_channels(values["channels"])}
    row = db.session.get(Institution, THE_INSTITUTION)
    content_type = check_logo(logo) if logo is not None else None
    keeps_logo = row is not None and row.logo_digest and not remove_logo
    alt = _clean(values["logo_alt"]) if "logo_alt" in values else (row.logo_alt if row else {})
    if (logo is not None or keeps_logo) and not (alt or {}).get("es"):
        raise RuleError({"logotipo_alt_es": _l("Escriba en español lo que muestra el logotipo.")})
    if row is None:
        row = Institution(id=THE_INSTITUTION, name={}, channels=[])
        db.session.add(row)
    changes = {}
    for name in FIELDS:
        if name not in values:
            continue
        new = _clean(values[name])
        old = getattr(row, name)
        if (old or type(new)()) != new:
            changes[name] = {"from": old, "to": new}
            setattr(row, name, new)
    if logo is not None:
        digest = hashlib.sha256(logo).hexdigest()
        if digest != row.logo_digest:
            changes["logo"] = {"from": row.logo_digest, "to": digest}
            row.logo, row.logo_type, row.logo_digest = logo, content_type, digest
    elif remove_logo and row.logo_digest:
        changes["logo"] = {"from": row.logo_digest, "to": None}
        row.logo = row.logo_type = row.logo_digest = None
    if changes:
        row.updated_at = utcnow()
        db.session.flush()
        audit("institution.updated", by, row, {"changed": changes}, ip)
    db.session.commit()
    clear_cache()
    return row


def _clean(value):
    """Translated texts keep only the languages that have text."""
    if isinstance(value, dict):
        return {code: text for code, text in value.items() if text}
    return value if value is not None else ""
