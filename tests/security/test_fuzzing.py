"""Property-based fuzzing of every public form: whatever arrives, the answer is never a 5xx.

Each form gets random values in its own fields (and some it does not know), as a browser or a
script could send them; the properties are "no server error" and "an error page is a page".
"""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import demo_app
from tests.feedback.conftest import Journey

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# Anything a form field can carry: text of any script, control characters, markup, numbers,
# the valid values themselves, very long text.
anything = st.one_of(
    st.text(max_size=60),
    st.text(st.characters(codec="utf-8"), max_size=300),
    st.sampled_from(["", " ", "\x00", "0", "-1", "99999999999", "2026-02-30", "1e309", "None"]),
    st.sampled_from(["queja", "reclamacion", "sugerencia", "felicitacion", "otro", "y", "5"]),
    st.sampled_from(["<script>alert(1)</script>", "' OR 1=1 --", "../../etc/passwd", "%s%n"]),
    st.text(min_size=3990, max_size=4100, alphabet="aé ñ\n"),
)


def form(*names: str):
    """Random data for these fields: each may be missing, one value, or several."""
    return st.dictionaries(
        st.sampled_from([*names, "extra", "csrf_token"]),
        st.one_of(anything, st.lists(anything, min_size=2, max_size=4)),
        max_size=len(names) + 2,
    )


FEEDBACK_FIELDS = (
    "compromiso descripcion fecha lugar nombre correo telefono idioma adjuntos_guardados "
    "consentimiento clave_envio sitio_web editar"
).split()
QUERY = st.dictionaries(st.sampled_from(["tipo", "servicio", "q", "page"]), anything, max_size=3)


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory):
    with demo_app(tmp_path_factory) as application:
        with application.app_context():
            yield application


@pytest.fixture(scope="module")
def tracked(fuzz_app):
    """A browser that follows a real item, to fuzz the forms of its status page."""
    journey = Journey(fuzz_app.test_client())
    folio, _code = journey.submit()
    return journey.client, folio


def assert_no_server_error(response, what) -> None:
    assert response.status_code < 500, (what, response.status_code)
    if response.status_code >= 400 and response.mimetype == "text/html":
        assert "<h1>" in response.get_data(as_text=True)


@FUZZ
@given(lang=st.sampled_from(["es", "en", "nah"]), query=QUERY, data=form(*FEEDBACK_FIELDS))
@pytest.mark.parametrize("step", ["nuevo", "enviar"])
def test_the_feedback_form_and_its_sending(fuzz_app, step, lang, query, data):
    client = fuzz_app.test_client()
    query = {"tipo": "queja", "servicio": "otro", **query}
    response = client.post(f"/{lang}/buzon/{step}", query_string=query, data=data)
    assert_no_server_error(response, (step, query, data))


@FUZZ
@given(query=QUERY)
def test_the_steps_before_the_form(fuzz_app, query):
    client = fuzz_app.test_client()
    for path in ("/es/buzon", "/es/buzon/nuevo", "/es/servicios"):
        assert_no_server_error(client.get(path, query_string=query), (path, query))


@FUZZ
@given(data=form("folio", "codigo"))
def test_tracking(fuzz_app, data):
    response = fuzz_app.test_client().post("/es/buzon/seguimiento", data=data)
    assert_no_server_error(response, data)


@FUZZ
@given(
    data=form("calificacion", "respuesta"), action=st.sampled_from(["calificacion", "informacion"])
)
def test_the_forms_of_a_status_page(fuzz_app, tracked, data, action):
    client, folio = tracked
    response = client.post(f"/es/buzon/seguimiento/{folio}/{action}", data=data)
    assert_no_server_error(response, data)


@FUZZ
@given(data=form("calificacion", "espera", "atencion", "comentario", "sitio_web"))
def test_the_survey(fuzz_app, data):
    response = fuzz_app.test_client().post("/es/encuesta/acta-de-nacimiento", data=data)
    assert_no_server_error(response, data)


@FUZZ
@given(
    query=st.dictionaries(
        st.sampled_from(
            [
                "q",
                "dependencia",
                "tema",
                "modalidad",
                "con_carta",
                "page",
                "_scheme",
                "_anchor",
                "endpoint",
            ]  # fmt: skip
        ),
        anything,
        max_size=6,
    )
)
def test_the_catalog_search(fuzz_app, query):
    response = fuzz_app.test_client().get("/es/servicios", query_string=query)
    assert_no_server_error(response, query)


@FUZZ
@given(data=form("email", "password"), next_=anything)
def test_staff_sign_in(fuzz_app, data, next_):
    response = fuzz_app.test_client().post("/auth/entrar", query_string={"next": next_}, data=data)
    assert_no_server_error(response, data)
    if response.status_code in (302, 303):
        assert response.headers["Location"].startswith("/")


@pytest.mark.parametrize(
    "path",
    [
        "/es/servicios/%00",
        "/es/cartas/a%00b",
        "/es/encuesta/%00",
        "/es/buzon/recibido/SQR-2026-%00",
        "/es/buzon/nuevo?tipo=queja&servicio=%00",
        "/es/servicios?q=%00",
    ],
)
def test_a_nul_byte_in_the_address_is_a_400(fuzz_app, path):
    # Found by the fuzzing above on PostgreSQL, which refuses NUL in a query (it was a 500).
    assert fuzz_app.test_client().get(path).status_code == 400


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/es/buzon/nuevo?tipo=queja&servicio=otro", {"servicio": "actas\x00"}),
        ("/es/buzon/seguimiento", {"folio": "SQR-2026-000001\x00", "codigo": "x"}),
        ("/open311/v2/requests.json", {"service_code": "MET-DIF-003\x00", "api_key": "x"}),
    ],
)
def test_a_nul_byte_in_a_posted_key_is_refused_not_a_500(fuzz_app, path, data):
    # A key looked up before the form cleans it reached PostgreSQL, which refuses NUL (a 500);
    # text fields drop it (and other control characters) as they clean what was typed.
    assert 400 <= fuzz_app.test_client().post(path, data=data).status_code < 500


@pytest.mark.parametrize(
    "path",
    [
        "/es/servicios?_scheme=http",
        "/es/servicios?q=licencia&_external=1&_anchor=x",
        "/es/cartas?_method=POST",
        "/es/resultados?_scheme=javascript",
        "/en/tablero?_external=",
    ],
)
def test_url_building_options_in_the_address_are_ignored(fuzz_app, path):
    # Links to the same page (other languages, other pages) carry its query: url_for took a
    # visitor's "_scheme" as its own option, and every page with one was a 500.
    response = fuzz_app.test_client().get(path)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert 'hreflang="nah"' in body
    assert "_scheme" not in body
    assert "_external" not in body


@pytest.mark.parametrize(
    "path",
    [
        "/es/?lang=en",
        "/en/servicios?lang=x&q=acta",
        "/es/servicios/acta-de-nacimiento?slug=otra",
        "/es/cartas/actas-del-registro-civil?slug=x",
        "/es/resultados?lang=nah&page=1",
        "/es/servicios?endpoint=x&q=acta",
        "/en/?endpoint=1",
        "/es/tablero?endpoint=x",
    ],
)
def test_a_query_value_named_like_a_part_of_the_address_is_ignored(fuzz_app, path):
    # Links to the same page passed "?slug=x" to url_for along with the page's own slug: the
    # page, and then its error page, failed (a bare 500 with no page at all).
    response = fuzz_app.test_client().get(path)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    language = path.split("/")[1]
    assert f'<html lang="{language}' in body
    assert 'hreflang="nah"' in body
    queries = [href.partition("?")[2] for href in re.findall(r'href="([^"]*)"', body)]
    assert not [q for q in queries if "slug=" in q or "lang=" in q or "endpoint=" in q]


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("/es/servicios/", "/es/servicios"),
        ("/en/cartas/?page=1", "/en/cartas?page=1"),
        ("/es/servicios/acta-de-nacimiento/", "/es/servicios/acta-de-nacimiento"),
        ("/es/buzon//", "/es/buzon"),
        ("/es//servicios/", "/es/servicios"),
    ],
)
def test_a_slash_too_many_at_the_end_leads_to_the_page(fuzz_app, path, target):
    response = fuzz_app.test_client().get(path)
    assert response.status_code == 308 and response.headers["Location"] == target
    assert fuzz_app.test_client().get(target).status_code == 200


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/es/no-existe/", 404),
        ("GET", "/x/", 404),
        ("POST", "/es/servicios/", 404),  # a form is never sent on by a redirect
        ("GET", "//evil.example/", 302),  # to this portal's home: slashes are merged
        ("GET", "//evil.example/es/servicios/", 308),
    ],
)
def test_a_slash_too_many_never_leads_elsewhere(fuzz_app, method, path, status):
    response = fuzz_app.test_client().open(path, method=method)
    assert response.status_code == status
    assert response.headers.get("Location", "/").startswith("/")
    assert not response.headers.get("Location", "/").startswith("//")
