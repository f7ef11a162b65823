from app.core.i18n import localized, tr, tr_paragraphs


def request_in(app, lang):
    return app.test_request_context(f"/{lang}/")


def test_a_missing_translation_falls_back_to_spanish_marked_as_spanish(app):
    field = {"es": "Licencia de construcción", "en": "Building permit"}
    with request_in(app, "en"):
        app.preprocess_request()
        assert localized(field) == ("Building permit", "en")
        assert tr(field) == "Building permit"
    with request_in(app, "nah"):
        app.preprocess_request()
        assert localized(field) == ("Licencia de construcción", "es")
        assert tr(field) == '<span lang="es">Licencia de construcción</span>'


def test_translated_text_is_escaped(app):
    with request_in(app, "es"):
        app.preprocess_request()
        assert tr({"es": "<b>x</b>"}) == "&lt;b&gt;x&lt;/b&gt;"
        assert tr_paragraphs({"es": "uno\n\n<dos>"}) == "<p>uno</p><p>&lt;dos&gt;</p>"


def test_paragraphs_that_fell_back_carry_lang(app):
    with request_in(app, "en"):
        app.preprocess_request()
        assert tr_paragraphs({"es": "uno\n\ndos"}) == '<p lang="es">uno</p><p lang="es">dos</p>'


def test_root_redirects_to_the_browsers_language(client):
    cases = {"en-US,en;q=0.9": "/en/", "nah": "/nah/", "fr-FR": "/es/", "": "/es/"}
    for header, target in cases.items():
        response = client.get("/", headers={"Accept-Language": header})
        assert response.status_code == 302
        assert response.headers["Location"] == target
        assert "Accept-Language" in response.headers["Vary"]


def test_unknown_language_prefix_is_a_localized_404(get_page):
    page = get_page("/fr/servicios", status=404)
    assert page.lang == "es"
    assert page.h1 == "No encontramos esta página"


def test_error_pages_speak_the_language_of_the_url(get_page):
    assert get_page("/en/servicios/no-such-service", status=404).h1 == "Page not found"
    page = get_page("/nah/servicios/no-such-service", status=404)
    assert page.lang == "nah"


def test_language_switcher_keeps_the_page_and_its_query(get_page):
    page = get_page("/es/servicios?q=licencia&modalidad=presencial")
    switcher = page.soup.find("nav", class_="languages")
    links = {a["lang"]: a for a in switcher.find_all("a")}
    assert links["en"]["href"] == "/en/servicios?q=licencia&modalidad=presencial"
    assert links["nah"]["href"] == "/nah/servicios?q=licencia&modalidad=presencial"
    assert links["es"]["aria-current"] == "true"
    assert "aria-current" not in links["en"].attrs


def test_dates_in_nahuatl_are_formatted_with_mexican_spanish_data(app):
    from datetime import date

    from flask import render_template_string

    with request_in(app, "nah"):
        app.preprocess_request()
        assert render_template_string("{{ d | dateformat('long') }}", d=date(2026, 3, 5)) == (
            "5 de marzo de 2026"
        )
    with request_in(app, "en"):
        app.preprocess_request()
        assert render_template_string("{{ d | dateformat('long') }}", d=date(2026, 3, 5)) == (
            "March 5, 2026"
        )


def test_interface_strings_are_filled_and_escaped_in_templates(app):
    from flask import render_template_string

    with request_in(app, "es"):
        app.preprocess_request()
        render = render_template_string
        assert render('{{ _("Avance del 100%% de las acciones") }}') == (
            "Avance del 100% de las acciones"
        )
        assert render('{{ _("Inicio") }}') == "Inicio"
        assert render('{{ _("%(name)s y más", name=x) }}', x="<b>") == "&lt;b&gt; y más"
        assert render('{{ _("a <b> c") }}') == "a &lt;b&gt; c"
        assert render('{{ ngettext("%(num)d carta", "%(num)d cartas", 2) }}') == "2 cartas"


def test_numbers_are_written_as_babel_writes_them_in_each_language(app):
    """Numbers are formatted with patterns and locales looked up once; what they read must not
    differ from Babel's own ``format_decimal``, pattern or default, in any language."""
    from decimal import Decimal

    from babel import numbers
    from flask import render_template_string

    from app.core.i18n import current_language

    values = [Decimal("1234567.891"), Decimal("0.005"), Decimal("-12.5"), 7, 95.25]
    for lang in ("es", "en", "nah"):
        with request_in(app, lang):
            app.preprocess_request()
            locale = current_language().locale
            for value in values:
                for pattern in ("#,##0.##", "#,##0", None):
                    written = render_template_string(
                        "{{ v | decimalformat(p) }}", v=value, p=pattern
                    )
                    assert written == numbers.format_decimal(value, pattern, locale=locale)
            # Mexican Spanish (Náhuatl pages use its data) groups and rounds as English does.
            shown = render_template_string("{{ v | decimalformat('#,##0.##') }}", v=values[0])
            assert shown == "1,234,567.89"
