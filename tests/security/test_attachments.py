"""Attachments: no path traversal, neither through the URL nor through a stored name."""

import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.feedback.models import Attachment, Feedback
from tests.feedback.conftest import PDF


@pytest.fixture
def item(empty_app, citizen):
    check = citizen.fill(files=[("../../../etc/passwd.pdf", PDF)])
    sent = citizen.send(check)
    folio = re.search(r"SQR-\d{4}-\d{6}", sent.headers["Location"]).group()
    return db.session.scalar(select(Feedback).filter_by(folio=folio))


def test_a_file_name_with_folders_is_stored_without_them(item, empty_app):
    attachment = item.attachments[0]
    assert attachment.original_name == "passwd.pdf"
    assert re.fullmatch(r"[0-9a-f]{32}", attachment.stored_name)


@pytest.mark.parametrize(
    "tail",
    [
        "../../../../etc/passwd",
        "..%2F..%2F..%2Fetc%2Fpasswd",
        "%2e%2e/%2e%2e/etc/passwd",
        "1/../../../etc/passwd",
        "-1",
        "1.0",
        "..",
        "%00",
    ],
)
def test_traversal_in_the_download_url_finds_nothing(item, admin, tail):
    response = admin.get(f"/admin/buzon/{item.folio}/adjuntos/{tail}")
    assert response.status_code in (400, 404, 308), tail  # 400: a NUL byte, refused anywhere
    assert b"root:" not in response.data


def test_another_items_attachment_id_is_not_served_through_this_folio(item, admin, citizen):
    other_folio, _code = citizen.submit()
    attachment = item.attachments[0]
    assert admin.get(f"/admin/buzon/{other_folio}/adjuntos/{attachment.id}").status_code == 404
    with admin.get(f"/admin/buzon/{item.folio}/adjuntos/{attachment.id}") as response:
        assert response.status_code == 200 and response.data == PDF


def test_a_tampered_stored_name_cannot_leave_the_upload_folder(item, admin, empty_app):
    # Even if a row were altered, the name is only ever looked up inside files/.
    attachment = db.session.get(Attachment, item.attachments[0].id)
    attachment.stored_name = "../../../../../../etc/passwd"
    db.session.commit()
    response = admin.get(f"/admin/buzon/{item.folio}/adjuntos/{attachment.id}")
    assert response.status_code == 404
    assert b"root:" not in response.data


def test_strangers_cannot_download(item, empty_app):
    attachment = item.attachments[0]
    response = empty_app.test_client().get(f"/admin/buzon/{item.folio}/adjuntos/{attachment.id}")
    assert response.status_code == 302 and "/auth/entrar" in response.headers["Location"]
