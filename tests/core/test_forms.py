"""The forms' shared plumbing: what every text field does to what is typed, the one wording for
a length limit, and the "Error:" a page's title starts with when one of its forms has errors."""

import importlib
import importlib.util
import inspect
import pkgutil
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from flask import render_template_string
from markupsafe import Markup
from werkzeug.datastructures import MultiDict
from wtforms import (
    EmailField,
    HiddenField,
    PasswordField,
    RadioField,
    SearchField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms import Form as WTForm
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired

import app as package
from app.core.forms import Form, at_most, typed_number
from app.core.i18n import use_language
from app.staff.models import Role
from app.staff.services import create_user

TYPED = "  \x00Hola\x1b mundo\x7f \r\n"
CLEAN = "Hola mundo"
PASSWORD = "una frase larga y segura"


class Everything(Form):
    class Meta:
        csrf = False

    text = StringField()
    area = TextAreaField()
    email = EmailField()
    search = SearchField()
    url = URLField()
    hidden = HiddenField()
    secret = PasswordField()
    required = StringField(validators=[DataRequired("Escriba algo.")])
    shouted = StringField(filters=[lambda value: value and value.upper()])
    short = StringField(validators=[at_most(5)])


def filled(**values) -> Everything:
    return Everything(MultiDict(values))


def test_every_text_field_is_stripped_of_spaces_and_control_characters(app):
    names = ("text", "area", "email", "search", "url", "hidden")
    with app.test_request_context():
        form = filled(**dict.fromkeys(names, TYPED))
    assert {name: form[name].data for name in names} == dict.fromkeys(names, CLEAN)


def test_a_text_areas_lines_are_kept(app):
    with app.test_request_context():
        assert filled(area=" uno\r\n\tdos \n").area.data == "uno\n\tdos"


def test_a_password_is_kept_as_typed(app):
    with app.test_request_context():
        assert filled(secret="  una frase  ").secret.data == "  una frase  "


def test_validators_and_filters_of_a_field_see_the_stripped_text(app):
    with app.test_request_context():
        form = filled(required=" \x00 \t", shouted=" hola ", short=" cinco ")
        form.validate()
    assert form.required.errors == ["Escriba algo."]
    assert form.shouted.data == "HOLA"
    assert not form.short.errors


def application_forms():
    for module in pkgutil.iter_modules(package.__path__):
        name = f"app.{module.name}.forms"
        if module.ispkg and importlib.util.find_spec(name):
            for _name, cls in inspect.getmembers(importlib.import_module(name), inspect.isclass):
                if issubclass(cls, WTForm) and cls.__module__ == name:
                    yield cls


def test_every_form_of_the_application_is_built_on_the_base_form():
    forms = list(application_forms())
    assert len(forms) > 20
    assert [cls for cls in forms if not issubclass(cls, Form)] == []


@pytest.mark.parametrize("limit", [5, 4000])
def test_the_length_message_says_the_limit(app, limit):
    with app.test_request_context():
        form = filled(short="x" * 6)
        form.short.validators = [at_most(limit)]
        form.short.data = "x" * (limit + 1)
        form.validate()
    assert form.short.errors == [f"Escriba como máximo {limit} caracteres."]


def test_the_length_message_is_translated_when_the_form_is_validated(app):
    with app.test_request_context(), use_language("en"):
        form = filled(short="seis c")
        form.validate()
    assert form.short.errors == ["Enter 5 characters or fewer."]


# --- "Error:" in the title ----------------------------------------------------------------


def title_of(app, **context) -> str:
    template = "{% extends 'layouts/base.html' %}{% block title %}Página{% endblock %}"
    with app.test_request_context("/auth/entrar"):
        html = render_template_string(template, **context)
    return BeautifulSoup(html, "html.parser").title.get_text(strip=True)


def test_the_title_starts_with_error_when_a_form_of_the_page_has_errors(app):
    with app.test_request_context():
        unsent = filled()
        fine = filled(required="algo")
        fine.validate()
        wrong = filled()
        wrong.validate()
        rule = filled(required="algo")
        rule.validate()
        rule.form_errors.append("Una regla no se cumple.")
    assert not title_of(app).startswith("Error")
    assert not title_of(app, form=unsent, other=None).startswith("Error")
    assert not title_of(app, form=fine, forms=[unsent, fine]).startswith("Error")
    assert title_of(app, form=wrong).startswith("Error: Página")
    assert title_of(app, forms=[fine, wrong]).startswith("Error: Página")
    assert title_of(app, rating_form=rule).startswith("Error: Página")


def title(response) -> str:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser").title.get_text()


def test_a_public_form_page_says_error_in_its_title_only_with_errors(client):
    assert not title(client.get("/es/buzon/seguimiento")).startswith("Error")
    sent = client.post("/es/buzon/seguimiento", data={"folio": "  ", "codigo": "\x00"})
    assert sent.status_code == 400
    assert title(sent).startswith("Error: ")
    assert not title(client.get("/es/servicios?q=licencia")).startswith("Error")
    assert title(client.get("/es/servicios?tema=nada")).startswith("Error: ")


def test_a_staff_form_page_says_error_in_its_title_only_with_errors(client):
    assert not title(client.get("/auth/entrar")).startswith("Error")
    sent = client.post("/auth/entrar", data={"email": " ", "password": ""})
    assert sent.status_code == 400
    assert title(sent).startswith("Error: ")


def test_a_signed_in_staff_page_says_error_in_its_title_only_with_errors(empty_app):
    create_user("ada@example.org", "Ada", Role.ADMIN, PASSWORD)
    client = empty_app.test_client()
    client.post("/auth/entrar", data={"email": "ada@example.org", "password": PASSWORD})
    assert not title(client.get("/admin/buzon")).startswith("Error")
    assert not title(client.get("/admin/buzon?estado=")).startswith("Error")
    wrong = client.get("/admin/buzon?estado=nada")
    assert wrong.status_code == 400
    assert title(wrong).startswith("Error: ")


def test_the_error_summary_lists_a_problem_of_the_whole_form(app):
    template = '{% from "components/forms.html" import error_summary %}{{ error_summary(form) }}'
    with app.test_request_context():
        form = filled()
        form.validate()
        form.form_errors.append("Una regla no se cumple.")
        html = render_template_string(template, form=form)
    items = [li.get_text(strip=True) for li in BeautifulSoup(html, "html.parser").find_all("li")]
    assert items == ["Escriba algo.", "Una regla no se cumple."]


class Small(Form):
    name = StringField()


def test_two_forms_on_one_page_do_not_repeat_the_tokens_id(app):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        with app.test_request_context():
            html = render_template_string(
                "<form>{{ a.csrf_token }}</form><form>{{ b.csrf_token }}</form>",
                a=Small(),
                b=Small(),
            )
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    tokens = BeautifulSoup(html, "html.parser").select("input[name=csrf_token]")
    assert len(tokens) == 2 and all(token.get("value") for token in tokens)
    assert not [token for token in tokens if token.has_attr("id")]


@pytest.mark.parametrize("form_class", ["staff.ProfileForm", "people.InviteForm"])
def test_a_group_of_checkboxes_needs_one_ticked_not_each(app, form_class):
    module, name = form_class.split(".")
    form_type = getattr(importlib.import_module(f"app.{module}.forms"), name)
    with app.test_request_context():
        form = form_type(MultiDict())
        boxes = BeautifulSoup(str(form.languages()), "html.parser").select("input[type=checkbox]")
        assert len(boxes) > 1 and not [box for box in boxes if box.has_attr("required")]
        form.languages.validate(form)
        assert form.languages.errors == ["Elija al menos un idioma."]
        form = form_type(MultiDict({"languages": "es"}))
        form.languages.validate(form)
        assert form.languages.errors == []


@pytest.mark.parametrize(
    ("typed", "number"),
    [("1,250.5", "1250.5"), ("12,345", "12345"), (" -3.5 ", "-3.5"), (".5", "0.5"),
     ("9999999999.99", "9999999999.99")],
)  # fmt: skip
def test_a_number_is_read_with_a_decimal_point_and_commas_between_thousands(typed, number):
    assert typed_number(typed) == Decimal(number)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1,5", "Escriba los decimales con punto"),  # never read as 15
        ("1,25", "Escriba los decimales con punto"),
        ("15.555", "como máximo dos decimales"),  # never dropped unseen
        ("1,2345", "Escriba un número."),
        ("1e30", "Escriba un número."),
        ("NaN", "Escriba un número."),
        ("inf", "Escriba un número."),
        ("-", "Escriba un número."),
        ("10000000000", "menor que 10,000,000,000"),
    ],
)
def test_a_number_that_could_be_misread_is_refused_saying_how_to_write_it(app, typed, message):
    with app.test_request_context(), pytest.raises(ValueError, match=message):
        typed_number(typed)


class Choosing(Form):
    class Meta:
        csrf = False

    one = SelectField(choices=[])
    several = SelectMultipleField(choices=[])
    radio = RadioField(choices=[SelectChoice("a", "A"), SelectChoice("b", "B")])


def test_selects_write_their_options_escaped_with_the_language_of_each_label(app):
    """The select widget of every form writes its options itself (faster than WTForms' own):
    values and labels escaped, the chosen ones selected, a label's ``lang`` kept; radios stay
    radios."""
    with app.test_request_context():
        form = Choosing(MultiDict([("one", 'x"><b'), ("several", "2"), ("several", "3")]))
        choices = [
            SelectChoice('x"><b', "<i>Uno</i> & más"),
            SelectChoice("es", "Español", render_kw={"lang": "es"}),
        ]
        form.one.choices = choices
        form.several.choices = [SelectChoice(n, n) for n in ("1", "2", "3")]
        one, several, radio = (BeautifulSoup(str(field()), "html.parser") for field in form)
    first, second = one.find_all("option")
    assert first["value"] == 'x"><b' and first.get_text() == "<i>Uno</i> & más"
    assert first.has_attr("selected") and not second.has_attr("selected")
    assert second["lang"] == "es" and not first.has_attr("lang")
    assert not one.find("b") and not one.find("i")
    assert several.select_one("select")["multiple"] is not None
    assert [o["value"] for o in several.select("option[selected]")] == ["2", "3"]
    assert len(radio.select("input[type=radio]")) == 2 and not radio.find("select")


class Typing(WTForm):
    """WTForms' own form: its widgets as WTForms writes them, to compare with ours."""

    text = StringField()
    search = SearchField(render_kw={"data_hx_get": "/x?a=1&b=2", "aria_label": 'Dice "hola"'})
    secret = PasswordField()
    radio = RadioField(choices=[SelectChoice('a"><b', "<i>A</i>"), SelectChoice("b", "B")])


class FastTyping(Form, Typing):
    class Meta:
        csrf = False


@pytest.mark.parametrize(
    "attributes",
    [
        {},
        {"class_": "field-wide", "aria-invalid": "true", "required": True, "disabled": False},
        {"value": Markup('ya "marcado" <b>'), "placeholder": '"><script>x</script>'},
    ],
)
def test_inputs_and_their_labels_write_what_wtforms_writes(app, attributes):
    """Inputs (radios' options included) write their attributes themselves, faster than
    WTForms' generic writer, and labels are written by the ``field`` macro: the same HTML,
    every value escaped."""
    data = MultiDict({"text": 'Dice "hola" <b>&', "search": "x'y", "radio": 'a"><b'})
    with app.test_request_context():
        ours, theirs = FastTyping(data), Typing(data)
        for name in ("text", "search", "secret"):
            assert str(ours[name](**attributes)) == str(theirs[name](**attributes)), name
        assert str(ours.radio()) == str(theirs.radio())
        label = render_template_string(
            '{% from "components/forms.html" import field %}{{ field(f) }}', f=ours.text
        )
    assert str(theirs.text.label()) in label
    assert "<b>" not in str(ours.text()) and "<script>" not in str(ours.search(**attributes))
