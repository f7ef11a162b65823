"""The pages of the feedback journey that only a POST reaches are valid HTML too."""

from tests.feedback.conftest import PDF
from tests.test_html_validation import vnu_errors


def test_journey_pages_are_valid_html(journey, tmp_path):
    pages = {}
    for lang in ("es", "nah"):
        pages[f"{lang} form with errors"] = journey.fill(lang=lang, descripcion="").data
        check = journey.fill(lang=lang, files=[("informe.pdf", PDF)])
        pages[f"{lang} check your answers"] = check.data
        location = journey.send(check, lang=lang).headers["Location"]
        pages[f"{lang} confirmation"] = journey.client.get(location).data
        folio = location.rsplit("/", 1)[-1]
        pages[f"{lang} tracking error"] = journey.track(folio, "WRONG", lang=lang).data
        pages[f"{lang} survey error"] = journey.client.post(
            f"/{lang}/encuesta/acta-de-nacimiento", data={}
        ).data
    journey.client.get("/es/buzon/seguimiento")
    folio, code = journey.submit()
    status = journey.track(folio, code)
    pages["status"] = journey.client.get(status.headers["Location"]).data
    errors = vnu_errors(pages, tmp_path)
    assert not errors, "\n".join(errors)
