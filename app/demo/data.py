"""The demo institution: a municipality modelled on Metepec, Estado de México.

Everything here is invented for demonstration (offices, phone numbers, e-mail addresses,
article numbers, amounts and results), though it follows the shape of a real municipal catalog
and of the Metepec practice in ``seeds/001``. Translatable fields are built with ``t()``: Spanish
is always complete, English covers about half of the content and Náhuatl a few names and
commitments, so that the fallback to Spanish can be seen. Paragraphs are separated by a blank line.

The catalog (dependencies, topics, offices, services) is data in the import format, in
``catalog/`` next to this file (``flask catalog import`` reads it; docs/catalog-format.md). What
stays here are the charters and what simulates activity; the loader (``seed.py``) turns these
structures into rows, referring to the catalog by dependency slug and service code.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from app.charters.models import (
    Comparator,
    IndicatorKind,
    Periodicity,
    Source,
    StandardIndicator,
    Unit,
)
from app.core.types import Period


def t(es: str, en: str | None = None, nah: str | None = None) -> dict:
    """A translatable text; a language without a translation is left out (it falls back to es)."""
    return {lang: text for lang, text in (("es", es), ("en", en), ("nah", nah)) if text}


# --- Charters -----------------------------------------------------------------------------------

CERTIFIER = "AENOR México"

# Text every charter of the municipality shares; a charter may replace any of it.
CHARTER_TEXT = dict(
    rights=t(
        "Recibir un trato amable, respetuoso, igualitario y sin discriminación.\n\n"
        "Obtener información clara, completa y gratuita sobre los requisitos, costos y plazos, y "
        "ser atendido en náhuatl o en Lengua de Señas Mexicana cuando lo solicite.\n\n"
        "Conocer en todo momento el estado de su solicitud y el nombre de la persona servidora "
        "pública que le atiende.\n\n"
        "Que sus datos personales se traten de forma confidencial, conforme a la ley.\n\n"
        "Presentar sugerencias, quejas, reclamaciones y felicitaciones, y recibir respuesta.",
        "To be treated courteously, respectfully, equally and without discrimination.\n\n"
        "To receive clear, complete and free information about requirements, costs and deadlines, "
        "and to be served in Náhuatl or Mexican Sign Language on request.\n\n"
        "To know at any time the status of your request and the name of the public servant "
        "attending you.\n\n"
        "To have your personal data handled confidentially, as the law requires.\n\n"
        "To make suggestions, complaints, claims and compliments, and to receive a reply.",
    ),
    obligations=t(
        "Presentar los requisitos completos y documentos auténticos.\n\n"
        "Proporcionar información veraz.\n\n"
        "Tratar con respeto al personal y a las demás personas usuarias.\n\n"
        "Acudir puntualmente a sus citas o avisar con anticipación si no puede asistir.",
        "Bring every requirement and only authentic documents.\n\n"
        "Give truthful information.\n\n"
        "Treat staff and other users with respect.\n\n"
        "Arrive on time for appointments, or let us know in advance if you cannot come.",
    ),
    participation_channels=t(
        "Buzón de sugerencias, quejas, reclamaciones y felicitaciones de este portal, con un "
        "folio para dar seguimiento.\n\n"
        "Buzones físicos en cada oficina y encuesta de satisfacción al concluir la atención.\n\n"
        "Teléfono de atención ciudadana 722 000 0100, de lunes a viernes de 9:00 a 18:00 h, y "
        "correo atencion.ciudadana@metepec.example.\n\n"
        "Módulo de Mejora Regulatoria y Atención Ciudadana, planta baja del Palacio Municipal.",
        "The suggestions, complaints, claims and compliments box on this portal, with a "
        "reference number to follow up.\n\n"
        "Mailboxes in every office and a satisfaction survey after you are served.\n\n"
        "Citizen service line 722 000 0100, Monday to Friday, 9:00 to 18:00, and e-mail "
        "atencion.ciudadana@metepec.example.\n\n"
        "Regulatory Improvement and Citizen Service desk, Town Hall ground floor.",
    ),
    compensation_measures=t(
        "Si no cumplimos alguno de los compromisos de esta carta, presente una reclamación en el "
        "buzón. La persona titular de la dependencia le enviará, en un máximo de 10 días "
        "hábiles, una carta de disculpa que explique la causa del incumplimiento y las medidas "
        "adoptadas para corregirlo.\n\n"
        "Si el incumplimiento le obligó a volver, en su siguiente visita recibirá atención "
        "preferente con cita.\n\n"
        "Las medidas de compensación no son económicas ni implican responsabilidad patrimonial "
        "del municipio.",
        "If we fail to keep any commitment in this charter, file a claim in the feedback box. "
        "The head of the office will send you, within 10 working days, a letter of apology "
        "explaining why and what has been done to put it right.\n\n"
        "If the failure made you come back, you will be given priority service with an "
        "appointment on your next visit.\n\n"
        "Compensation is not financial and does not imply financial liability of the "
        "municipality.",
    ),
)

CURRENT_TERM = dict(
    valid_from=date(2025, 1, 1), valid_until=date(2026, 12, 31), published_on=date(2025, 1, 15)
)
PREVIOUS_TERM = dict(
    valid_from=date(2023, 1, 1), valid_until=date(2024, 12, 31), published_on=date(2023, 1, 16)
)


def certified(on: date) -> dict:
    """A UNE 93200 certification, renewed every year (seed 001: seven consecutive renewals)."""
    return dict(
        certifier=CERTIFIER,
        certified_on=on,
        certification_expires=on.replace(year=on.year + 1) - timedelta(days=1),
    )


def _days(n: int) -> tuple[str, str]:
    return (
        ("1 día hábil", "1 working day") if n == 1 else (f"{n} días hábiles", f"{n} working days")
    )


def indicator(
    name: dict,
    numerator: dict,
    denominator: dict | None = None,
    *,
    target: int | str,
    kind=IndicatorKind.SHARE_WITHIN,
    comparator=Comparator.AT_LEAST,
    unit=Unit.PERCENT,
    source=Source.MANUAL,
    threshold: int | str | None = None,
    threshold_unit: Unit | None = None,
    baseline: int | str | None = None,
    standard: StandardIndicator | None = None,
    sample: float = 1.0,
    cases: int | None = None,
) -> dict:
    """An indicator measured every quarter.

    ``sample`` and ``cases`` are not stored: they tell the demo how many cases its simulated
    measurements count each quarter, either a share of the charter's ``volume`` (surveys
    answered, waits timed, complaints received…) or a fixed number (mystery-shopper visits).
    """
    return dict(
        name=name,
        standard=standard,
        kind=kind,
        numerator=numerator,
        denominator=denominator,
        threshold=_decimal(threshold),
        threshold_unit=threshold_unit,
        target=_decimal(target),
        comparator=comparator,
        unit=unit,
        periodicity=Periodicity.QUARTERLY,
        source=source,
        baseline=_decimal(baseline),
        sample=sample,
        cases=cases,
    )


def _decimal(value: int | str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def commitment(text: dict, *indicators: dict) -> dict:
    return dict(text=text, indicators=list(indicators))


def standard_commitments(
    *,
    minutes: int,
    days: int,
    wait: int = 15,
    attention_source: Source = Source.MANUAL,
    texts: dict | None = None,
) -> list[dict]:
    """The five commitments every charter starts with (seed 001), for a service attended in
    ``minutes`` and resolved in ``days`` working days; ``texts`` rewords some of them."""
    days_es, days_en = _days(days)
    texts = texts or {}
    promises = {
        StandardIndicator.SATISFACTION: t(
            "Le atenderemos con amabilidad, respeto y profesionalismo: al menos 9 de cada 10 "
            "personas usuarias calificarán nuestro servicio con 4 o 5 en la encuesta de "
            "satisfacción.",
            "We will serve you with courtesy, respect and professionalism: at least 9 out of 10 "
            "users will rate our service 4 or 5 in the satisfaction survey.",
        ),
        StandardIndicator.WAITING_TIME: t(
            f"Le atenderemos en un máximo de {wait} minutos desde su llegada.",
            f"We will see you within {wait} minutes of your arrival.",
        ),
        StandardIndicator.ATTENTION_TIME: t(
            f"Una vez que le atendamos, su trámite o servicio tomará como máximo {minutes} "
            "minutos.",
            f"Once we see you, your procedure or service will take at most {minutes} minutes.",
        ),
        StandardIndicator.REQUEST_RESPONSE: t(
            f"Resolveremos su solicitud en un máximo de {days_es}.",
            f"We will resolve your request within {days_en}.",
        ),
        StandardIndicator.FEEDBACK_RESPONSE: t(
            "Responderemos sus sugerencias, quejas y reclamaciones en un máximo de 10 días "
            "hábiles.",
            "We will answer your suggestions, complaints and claims within 10 working days.",
        ),
    }
    measures = [
        indicator(
            t("Porcentaje de personas usuarias satisfechas", "Share of satisfied users"),
            t("Número de encuestas con calificación de 4 o 5"),
            t("Número de encuestas respondidas en el periodo"),
            standard=StandardIndicator.SATISFACTION,
            threshold=4,
            threshold_unit=Unit.SCORE,
            target=90,
            source=Source.SURVEY,
            baseline=86,
            sample=0.3,
        ),
        indicator(
            t(
                f"Porcentaje de personas que esperaron {wait} minutos o menos",
                f"Share of users who waited {wait} minutes or less",
            ),
            t(f"Número de personas atendidas con una espera de {wait} minutos o menos"),
            t("Número de personas cuya espera se midió en el periodo"),
            standard=StandardIndicator.WAITING_TIME,
            threshold=wait,
            threshold_unit=Unit.MINUTES,
            target=85,
            baseline=80,
            sample=0.25,
        ),
        indicator(
            t(
                f"Porcentaje de atenciones concluidas en {minutes} minutos o menos",
                f"Share of services completed in {minutes} minutes or less",
            ),
            t(f"Número de atenciones concluidas en {minutes} minutos o menos"),
            t("Número de atenciones cuya duración se midió en el periodo"),
            standard=StandardIndicator.ATTENTION_TIME,
            threshold=minutes,
            threshold_unit=Unit.MINUTES,
            target=85,
            source=attention_source,
            baseline=82,
            sample=0.25,
            cases=6 if attention_source is Source.MYSTERY_SHOPPER else None,
        ),
        indicator(
            t(
                f"Porcentaje de solicitudes resueltas en {days_es} o menos",
                f"Share of requests resolved in {days_en} or less",
            ),
            t(f"Número de solicitudes resueltas en {days_es} o menos"),
            t("Número de solicitudes resueltas en el periodo"),
            standard=StandardIndicator.REQUEST_RESPONSE,
            threshold=days,
            threshold_unit=Unit.WORKING_DAYS,
            target=90,
            baseline=88,
        ),
        indicator(
            t(
                "Porcentaje de sugerencias, quejas y reclamaciones respondidas en 10 días hábiles "
                "o menos",
                "Share of suggestions, complaints and claims answered in 10 working days or less",
            ),
            t(
                "Número de sugerencias, quejas y reclamaciones respondidas en 10 días hábiles o "
                "menos"
            ),
            t("Número de sugerencias, quejas y reclamaciones recibidas en el periodo"),
            standard=StandardIndicator.FEEDBACK_RESPONSE,
            threshold=10,
            threshold_unit=Unit.WORKING_DAYS,
            target=90,
            source=Source.FEEDBACK,
            baseline=84,
            sample=0.03,
        ),
    ]
    return [commitment(texts.get(m["standard"], promises[m["standard"]]), m) for m in measures]


WAIT = StandardIndicator.WAITING_TIME
ATTENTION = StandardIndicator.ATTENTION_TIME
REQUEST = StandardIndicator.REQUEST_RESPONSE
FEEDBACK = StandardIndicator.FEEDBACK_RESPONSE

# ``volume``: people (or requests) a charter's services attend in a typical quarter, from which
# the demo simulates its measurements. ``previous``: an archived first version (2023–2024).
CHARTERS = [
    dict(
        slug="asesorias-y-orientacion-juridica",
        dependency="igualdad-de-genero",
        services=["MET-DIG-001"],
        volume=210,
        title=t(
            "Asesorías y orientación jurídica",
            "Legal advice and guidance",
            "Tlanonotsaliztli tlen tenawatilli",
        ),
        purpose=t(
            "Brindar asesoría y orientación jurídica gratuita, confidencial y con "
            "perspectiva de género, para que las mujeres y los hombres de Metepec conozcan "
            "sus derechos y las vías para ejercerlos, con especial atención a las mujeres "
            "en situación de violencia.",
            "To give free, confidential legal advice with a gender perspective so that the "
            "women and men of Metepec know their rights and how to exercise them, with "
            "special attention to women facing violence.",
        ),
        responsible_unit=t(
            "Dirección de Igualdad de Género, Departamento de Atención Jurídica. "
            "Calle Allende 305, Barrio de San Miguel; 722 000 0107; "
            "igualdad@metepec.example.",
            "Gender Equality Directorate, Legal Assistance Department. Calle "
            "Allende 305, Barrio de San Miguel; 722 000 0107; "
            "igualdad@metepec.example.",
        ),
        certification=certified(date(2026, 3, 12)),
        commitments=standard_commitments(
            minutes=45,
            days=3,
            attention_source=Source.MYSTERY_SHOPPER,
            texts={
                WAIT: t(
                    "Le atenderemos en un máximo de 15 minutos desde su llegada; si vive una "
                    "situación de violencia, de inmediato.",
                    "We will see you within 15 minutes of your arrival, and at once if you "
                    "are facing violence.",
                    "Timitspalewiskeh achtopa ma panoh kaxtolli minutos.",
                ),
                REQUEST: t(
                    "Si pide cita, le atenderemos en un máximo de 3 días hábiles.",
                    "If you ask for an appointment, we will see you within 3 working days.",
                ),
            },
        )
        + [
            commitment(
                t(
                    "Daremos seguimiento a su caso hasta concluirlo: al menos 8 de cada 10 "
                    "asesorías terminarán con una solución o una canalización efectiva.",
                    "We will follow your case to the end: at least 8 out of 10 cases will end in "
                    "a solution or an effective referral.",
                ),
                indicator(
                    t("Porcentaje de asesorías concluidas", "Share of cases concluded"),
                    t(
                        "Número de asesorías concluidas con solución o canalización efectiva",
                        "Cases concluded with a solution or an effective referral",
                    ),
                    t("Número de asesorías iniciadas en el periodo", "Cases opened in the period"),
                    target=80,
                    baseline=74,
                    sample=0.9,
                ),
            ),
            commitment(
                t(
                    "Acercaremos la orientación jurídica a las comunidades con al menos seis "
                    "jornadas informativas por trimestre."
                ),
                indicator(
                    t("Jornadas informativas sobre derechos de las mujeres en comunidades"),
                    t("Número de jornadas informativas realizadas en el trimestre"),
                    kind=IndicatorKind.COUNT,
                    unit=Unit.COUNT,
                    target=6,
                    source=Source.ON_SITE_VISIT,
                    baseline=4,
                ),
            ),
        ],
    ),
    dict(
        slug="terapia-psicologica",
        dependency="igualdad-de-genero",
        services=["MET-DIG-002"],
        volume=150,
        title=t("Terapia psicológica", "Psychological therapy", "Yolpahtiliztli"),
        purpose=t(
            "Ofrecer atención psicológica gratuita, confidencial y con enfoque de género, "
            "que ayude a las personas a recuperar su bienestar emocional y a vivir libres "
            "de violencia.",
            "To offer free, confidential psychological care with a gender perspective that "
            "helps people recover their emotional wellbeing and live free from violence.",
        ),
        responsible_unit=t(
            "Dirección de Igualdad de Género, Departamento de Atención "
            "Psicológica. Calle Allende 305, Barrio de San Miguel; 722 000 0107."
        ),
        certification=certified(date(2026, 3, 12)),
        commitments=standard_commitments(
            minutes=60,
            days=5,
            texts={
                ATTENTION: t(
                    "Su sesión de valoración de primera vez durará como máximo 60 "
                    "minutos y saldrá de ella con su siguiente cita.",
                    "Your first assessment session will last at most 60 minutes and "
                    "you will leave it with your next appointment.",
                ),
                REQUEST: t(
                    "Le daremos su primera sesión en un máximo de 5 días hábiles desde que "
                    "la solicite.",
                    "We will give you a first session within 5 working days of your request.",
                ),
                FEEDBACK: t(
                    "Responderemos sus sugerencias, quejas y reclamaciones en un máximo "
                    "de 10 días hábiles.",
                    "We will answer your suggestions, complaints and claims within 10 "
                    "working days.",
                    "Tiktlanankiliskeh motlahtol ipan mahtlaktli tekitonalli.",
                ),
            },
        )
        + [
            commitment(
                t(
                    "Le acompañaremos durante todo su proceso: al menos 7 de cada 10 procesos "
                    "terapéuticos concluirán con alta.",
                    "We will stay with you throughout: at least 7 out of 10 therapies will end "
                    "with a discharge.",
                ),
                indicator(
                    t(
                        "Porcentaje de procesos terapéuticos concluidos con alta",
                        "Share of therapies ending in discharge",
                    ),
                    t(
                        "Número de procesos concluidos con alta en el periodo",
                        "Therapies ending in discharge in the period",
                    ),
                    t(
                        "Número de procesos cerrados en el periodo (alta o abandono)",
                        "Therapies closed in the period (discharge or drop-out)",
                    ),
                    target=70,
                    baseline=62,
                    sample=0.35,
                ),
            ),
        ],
    ),
    dict(
        slug="clase-taller-de-autoempleo",
        dependency="igualdad-de-genero",
        services=["MET-DIG-003"],
        volume=260,
        title=t(
            "Impartición de clase-taller de autoempleo",
            "Self-employment workshops",
            "Tlamachtiliztli ika tekitl",
        ),
        purpose=t(
            "Impartir clases-taller gratuitas de oficios que permitan a mujeres y hombres, "
            "y en especial a las mujeres jefas de familia, generar ingresos propios y "
            "ganar autonomía económica.",
            "To run free trade workshops that help women and men, and especially women "
            "heads of household, earn their own income and gain economic independence.",
        ),
        responsible_unit=t(
            "Dirección de Igualdad de Género, Departamento de Empoderamiento "
            "Económico. Calle Allende 305, Barrio de San Miguel; 722 000 0107."
        ),
        certification=certified(date(2026, 3, 12)),
        commitments=standard_commitments(
            minutes=20,
            days=5,
            texts={
                ATTENTION: t(
                    "Su inscripción al taller tomará como máximo 20 minutos.",
                    "Enrolling in a workshop will take at most 20 minutes.",
                ),
                REQUEST: t(
                    "Le confirmaremos su lugar en el taller en un máximo de 5 días hábiles."
                ),
            },
        )
        + [
            commitment(
                t(
                    "Al menos 3 de cada 4 personas inscritas concluirán el taller con su "
                    "constancia."
                ),
                indicator(
                    t("Porcentaje de participantes que concluyen el taller"),
                    t("Número de participantes con al menos 80 % de asistencia"),
                    t(
                        "Número de participantes inscritos en los talleres que terminaron en "
                        "el periodo"
                    ),
                    target=75,
                    baseline=69,
                    sample=0.8,
                ),
            ),
            commitment(
                t(
                    "Impartiremos al menos ocho talleres cada trimestre en distintas comunidades "
                    "del municipio."
                ),
                indicator(
                    t("Talleres impartidos en el trimestre"),
                    t("Número de talleres impartidos"),
                    kind=IndicatorKind.COUNT,
                    unit=Unit.COUNT,
                    target=8,
                    source=Source.ON_SITE_VISIT,
                    baseline=6,
                ),
            ),
        ],
    ),
    dict(
        slug="impuesto-predial",
        dependency="tesoreria",
        services=["MET-TES-001", "MET-TES-003"],
        volume=9000,
        title=t(
            "Pago del impuesto predial y bonificaciones",
            "Property tax payment and reductions",
            "Tlaxtlawilli tlen tlalli",
        ),
        purpose=t(
            "Facilitar el pago del impuesto predial, en línea y en caja, con información "
            "clara sobre el importe, los descuentos y las bonificaciones a las que tiene "
            "derecho.",
            "To make paying property tax easy, online or at the cash desk, with clear "
            "information about the amount, discounts and reductions you are entitled to.",
        ),
        responsible_unit=t(
            "Tesorería Municipal, Subdirección de Ingresos. Palacio Municipal, "
            "Plaza Juárez 1; 722 000 0101; tesoreria@metepec.example.",
            "Municipal Treasury, Revenue Department. Town Hall, Plaza Juárez 1; "
            "722 000 0101; tesoreria@metepec.example.",
        ),
        certification=certified(date(2025, 12, 4)),
        commitments=standard_commitments(
            minutes=10,
            days=1,
            attention_source=Source.MYSTERY_SHOPPER,
            texts={
                WAIT: t(
                    "Le atenderemos en caja en un máximo de 15 minutos desde su llegada, "
                    "incluso en enero y febrero.",
                    "We will serve you at the cash desk within 15 minutes of arrival, even "
                    "in January and February.",
                    "Timitspalewiskeh achtopa ma panoh kaxtolli minutos.",
                ),
                REQUEST: t(
                    "Aplicaremos su bonificación el mismo día en que la solicite.",
                    "We will apply your reduction on the day you ask for it.",
                ),
            },
        )
        + [
            commitment(
                t(
                    "Cada año más personas podrán pagar sin acudir a la oficina: al menos 35 % de "
                    "los pagos se harán en línea.",
                    "Every year more people will pay without coming in: at least 35% of payments "
                    "will be made online.",
                ),
                indicator(
                    t(
                        "Porcentaje de pagos del predial realizados en línea",
                        "Share of property tax payments made online",
                    ),
                    t("Número de pagos realizados en línea", "Payments made online"),
                    t("Número total de pagos del periodo", "All payments in the period"),
                    target=35,
                    baseline=28,
                ),
            ),
        ],
        previous=dict(
            certification=certified(date(2024, 3, 8)),
            commitments=standard_commitments(minutes=15, days=1, wait=20),
        ),
    ),
    dict(
        slug="constancias-catastrales",
        dependency="catastro",
        services=["MET-CAT-001", "MET-CAT-002", "MET-CAT-005"],
        volume=1100,
        title=t("Constancias y certificaciones catastrales", "Cadastral certificates"),
        purpose=t(
            "Expedir constancias, certificaciones y planos catastrales exactos y a tiempo, "
            "para dar certeza a las personas propietarias y a las notarías.",
            "To issue accurate, timely cadastral certificates and maps, giving certainty "
            "to owners and notaries.",
        ),
        responsible_unit=t(
            "Subdirección de Catastro. Calle Moctezuma 104, Barrio de "
            "Santiaguito; 722 000 0102; catastro@metepec.example."
        ),
        certification=certified(date(2026, 2, 19)),
        commitments=standard_commitments(minutes=15, days=3)
        + [
            commitment(
                t(
                    "Sus documentos saldrán sin errores: al menos 98 % de las constancias se "
                    "entregarán sin necesidad de corrección.",
                    "Your documents will be right first time: at least 98% of certificates will "
                    "need no correction.",
                ),
                indicator(
                    t(
                        "Porcentaje de constancias expedidas sin errores",
                        "Share of certificates issued without errors",
                    ),
                    t("Número de constancias que no requirieron corrección"),
                    t("Número de constancias expedidas en el periodo"),
                    target=98,
                    baseline=96,
                ),
            ),
        ],
    ),
    dict(
        slug="levantamiento-topografico-catastral",
        dependency="catastro",
        services=["MET-CAT-003"],
        volume=90,
        title=t("Levantamiento topográfico catastral"),
        purpose=t(
            "Medir con precisión los predios del municipio y entregar planos confiables en "
            "el plazo comprometido."
        ),
        responsible_unit=t(
            "Subdirección de Catastro, Departamento de Cartografía. Calle "
            "Moctezuma 104, Barrio de Santiaguito; 722 000 0102."
        ),
        commitments=standard_commitments(minutes=20, days=10)
        + [
            commitment(
                t("Acudiremos a su predio el día y la hora acordados."),
                indicator(
                    t("Porcentaje de visitas de campo realizadas en la fecha acordada"),
                    t("Número de visitas realizadas en la fecha acordada"),
                    t("Número de visitas programadas en el periodo"),
                    target=95,
                    source=Source.ON_SITE_VISIT,
                    baseline=90,
                ),
            ),
            commitment(
                t("Le entregaremos el plano topográfico, en promedio, en 8 días hábiles o menos."),
                indicator(
                    t("Tiempo promedio de entrega del plano"),
                    t("Suma de los días hábiles transcurridos entre la visita y la entrega"),
                    t("Número de planos entregados en el periodo"),
                    kind=IndicatorKind.MEAN,
                    unit=Unit.WORKING_DAYS,
                    comparator=Comparator.AT_MOST,
                    target=8,
                    baseline=9,
                ),
            ),
        ],
    ),
    dict(
        slug="licencia-de-construccion",
        dependency="desarrollo-urbano",
        services=["MET-DU-001", "MET-DU-005"],
        volume=240,
        title=t(
            "Licencia de construcción y terminación de obra",
            "Building permit and completion certificate",
        ),
        purpose=t(
            "Resolver con transparencia y en el plazo legal las licencias de construcción "
            "y las constancias de terminación de obra, para que se construya de forma "
            "segura y ordenada.",
            "To decide building permits and completion certificates transparently and "
            "within the legal deadline, so that building is safe and orderly.",
        ),
        responsible_unit=t(
            "Dirección de Desarrollo Urbano y Obras Públicas, Subdirección de "
            "Licencias. Av. Ignacio Comonfort 130; 722 000 0103."
        ),
        commitments=standard_commitments(minutes=30, days=10)
        + [
            commitment(
                t(
                    "Si a su solicitud le falta algo, se lo diremos por escrito y de una sola vez "
                    "en un máximo de 3 días hábiles.",
                    "If anything is missing from your application, we will tell you in writing, "
                    "all at once, within 3 working days.",
                ),
                indicator(
                    t(
                        "Porcentaje de prevenciones notificadas en 3 días hábiles o menos",
                        "Share of missing-document notices sent within 3 working days",
                    ),
                    t("Número de prevenciones notificadas en 3 días hábiles o menos"),
                    t("Número de solicitudes con prevención en el periodo"),
                    threshold=3,
                    threshold_unit=Unit.WORKING_DAYS,
                    target=90,
                    baseline=81,
                    sample=0.3,
                ),
            ),
        ],
    ),
    dict(
        slug="alineamiento-y-numero-oficial",
        dependency="desarrollo-urbano",
        services=["MET-DU-002"],
        volume=310,
        title=t(
            "Constancia de alineamiento y número oficial",
            "Building line and official number certificate",
        ),
        purpose=t(
            "Entregar en cinco días hábiles las constancias de alineamiento y número "
            "oficial, con información exacta sobre el límite del predio y la vía pública."
        ),
        responsible_unit=t(
            "Dirección de Desarrollo Urbano y Obras Públicas, Ventanilla Única. "
            "Av. Ignacio Comonfort 130; 722 000 0103."
        ),
        certification=certified(date(2026, 5, 21)),
        commitments=standard_commitments(minutes=20, days=5)
        + [
            commitment(
                t("El tiempo promedio de respuesta será de 4 días hábiles o menos."),
                indicator(
                    t("Tiempo promedio de respuesta"),
                    t("Suma de los días hábiles de respuesta de las constancias entregadas"),
                    t("Número de constancias entregadas en el periodo"),
                    kind=IndicatorKind.MEAN,
                    unit=Unit.WORKING_DAYS,
                    comparator=Comparator.AT_MOST,
                    target=4,
                    baseline="4.6",
                ),
            ),
        ],
    ),
    dict(
        slug="actas-del-registro-civil",
        dependency="registro-civil",
        services=["MET-RC-001", "MET-RC-002"],
        volume=4200,
        title=t(
            "Registro de nacimiento y expedición de actas",
            "Birth registration and certificates",
            "Tlakatiliztli iwan amatl",
        ),
        purpose=t(
            "Garantizar el derecho a la identidad: registrar nacimientos de forma gratuita "
            "y expedir actas certificadas el mismo día, en la oficialía o en línea.",
            "To guarantee the right to an identity: free birth registration and certified "
            "copies issued the same day, at the office or online.",
        ),
        responsible_unit=t(
            "Coordinación Municipal del Registro Civil. Calle Vicente Guerrero "
            "201, Barrio de San Mateo; 722 000 0104; "
            "registro.civil@metepec.example.",
            "Municipal Civil Registry. Calle Vicente Guerrero 201, Barrio de San "
            "Mateo; 722 000 0104; registro.civil@metepec.example.",
        ),
        certification=certified(date(2026, 6, 4)),
        commitments=standard_commitments(
            minutes=15,
            days=1,
            texts={
                REQUEST: t(
                    "Le entregaremos su acta el mismo día en que la solicite.",
                    "You will receive your certificate on the day you ask for it.",
                )
            },
        )
        + [
            commitment(
                t(
                    "Sus actas no tendrán errores de captura: al menos 99 % se entregarán "
                    "correctas a la primera.",
                    "Your certificates will have no typing errors: at least 99% will be right "
                    "first time.",
                ),
                indicator(
                    t(
                        "Porcentaje de actas entregadas sin errores de captura",
                        "Share of certificates without typing errors",
                    ),
                    t("Número de actas entregadas sin errores"),
                    t("Número de actas entregadas en el periodo"),
                    target=99,
                    baseline="98.2",
                    sample=0.5,
                ),
            ),
            commitment(
                t("Al menos 4 de cada 10 actas se obtendrán en línea, sin acudir a la oficialía."),
                indicator(
                    t(
                        "Porcentaje de actas obtenidas en línea",
                        "Share of certificates obtained online",
                    ),
                    t("Número de actas expedidas en línea"),
                    t("Número total de actas expedidas en el periodo"),
                    target=40,
                    baseline=31,
                ),
            ),
        ],
        previous=dict(
            commitments=standard_commitments(minutes=20, days=1, wait=20),
        ),
    ),
    dict(
        slug="matrimonio-civil",
        dependency="registro-civil",
        services=["MET-RC-003"],
        volume=170,
        title=t("Matrimonio civil", "Civil marriage"),
        purpose=t(
            "Celebrar los matrimonios civiles en la fecha y la hora acordadas, con un trato "
            "cálido e igualitario."
        ),
        responsible_unit=t(
            "Coordinación Municipal del Registro Civil, Oficialía 01. Calle "
            "Vicente Guerrero 201, Barrio de San Mateo; 722 000 0104."
        ),
        commitments=standard_commitments(
            minutes=40,
            days=10,
            texts={
                REQUEST: t(
                    "Le confirmaremos la fecha y la hora de su ceremonia en un máximo "
                    "de 10 días hábiles."
                )
            },
        )
        + [
            commitment(
                t(
                    "Su ceremonia comenzará a la hora programada, con un margen máximo de 10 "
                    "minutos."
                ),
                indicator(
                    t("Porcentaje de ceremonias iniciadas con 10 minutos de retraso o menos"),
                    t("Número de ceremonias iniciadas con 10 minutos de retraso o menos"),
                    t("Número de ceremonias celebradas en el periodo"),
                    threshold=10,
                    threshold_unit=Unit.MINUTES,
                    target=90,
                    baseline=86,
                ),
            ),
        ],
    ),
    dict(
        slug="constancias-de-vecindad-e-identidad",
        dependency="secretaria-del-ayuntamiento",
        services=["MET-SA-001", "MET-SA-002"],
        volume=900,
        title=t("Constancias de vecindad e identidad", "Residence and identity certificates"),
        purpose=t(
            "Expedir constancias de vecindad y de identidad con datos correctos en un "
            "máximo de dos días hábiles.",
            "To issue residence and identity certificates with correct details within two "
            "working days.",
        ),
        responsible_unit=t(
            "Secretaría del Ayuntamiento, Departamento de Constancias. Palacio "
            "Municipal, primer piso; 722 000 0106; secretaria@metepec.example."
        ),
        commitments=standard_commitments(minutes=15, days=2)
        + [
            commitment(
                t(
                    "Recibiremos como máximo dos reclamaciones por trimestre por constancias con "
                    "datos erróneos."
                ),
                indicator(
                    t("Reclamaciones por constancias con datos erróneos"),
                    t("Número de reclamaciones recibidas en el trimestre por datos erróneos"),
                    kind=IndicatorKind.COUNT,
                    unit=Unit.COUNT,
                    comparator=Comparator.AT_MOST,
                    target=2,
                    baseline=3,
                ),
            ),
        ],
    ),
    dict(
        slug="rehabilitacion-fisica",
        dependency="dif",
        services=["MET-DIF-001"],
        volume=1500,
        title=t("Terapia de rehabilitación física", "Physical rehabilitation therapy"),
        purpose=t(
            "Brindar terapia de rehabilitación física, ocupacional y de lenguaje de "
            "calidad y a bajo costo, para que las personas con discapacidad ganen "
            "autonomía e inclusión.",
            "To provide quality, low-cost physical, occupational and speech therapy so "
            "that people with disabilities gain independence and inclusion.",
        ),
        responsible_unit=t(
            "Sistema Municipal DIF, Unidad Básica de Rehabilitación e Integración "
            "Social. Calle Galeana 410, San Jerónimo Chicahualco; 722 000 0109."
        ),
        certification=certified(date(2026, 4, 23)),
        commitments=standard_commitments(
            minutes=30,
            days=5,
            texts={
                ATTENTION: t(
                    "Su valoración médica de primera vez durará como máximo 30 "
                    "minutos y al terminar recibirá su plan de rehabilitación.",
                    "Your first medical assessment will take at most 30 minutes and "
                    "you will leave with your rehabilitation plan.",
                ),
                REQUEST: t(
                    "Le daremos cita de valoración en un máximo de 5 días hábiles.",
                    "We will give you an assessment appointment within 5 working days.",
                ),
            },
        )
        + [
            commitment(
                t("Al menos 3 de cada 4 pacientes concluirán su plan de rehabilitación."),
                indicator(
                    t("Porcentaje de pacientes que concluyen su plan de rehabilitación"),
                    t("Número de pacientes dados de alta por cumplimiento del plan"),
                    t("Número de pacientes que cerraron su plan en el periodo"),
                    target=75,
                    baseline=71,
                    sample=0.05,
                ),
            ),
            commitment(
                t(
                    "No cancelaremos más del 3 % de las sesiones programadas.",
                    "We will cancel no more than 3% of scheduled sessions.",
                ),
                indicator(
                    t(
                        "Porcentaje de sesiones canceladas por la unidad",
                        "Share of sessions cancelled by the unit",
                    ),
                    t("Número de sesiones canceladas por la unidad"),
                    t("Número de sesiones programadas en el periodo"),
                    comparator=Comparator.AT_MOST,
                    target=3,
                    baseline="4.1",
                ),
            ),
        ],
    ),
    dict(
        slug="alumbrado-publico",
        dependency="servicios-publicos",
        services=["MET-SP-001"],
        volume=800,
        title=t("Reparación de alumbrado público", "Street lighting repair"),
        purpose=t(
            "Mantener encendidas las calles, parques y espacios públicos, y reparar las "
            "luminarias reportadas en un máximo de tres días hábiles.",
            "To keep streets, parks and public spaces lit, and repair reported lights "
            "within three working days.",
        ),
        responsible_unit=t(
            "Dirección de Servicios Públicos, Departamento de Alumbrado Público. "
            "Calle Independencia Oriente 600, San Lucas Tunco; 722 000 0111."
        ),
        commitments=standard_commitments(
            minutes=10,
            days=3,
            texts={
                ATTENTION: t(
                    "Registrar su reporte, en persona o por teléfono, tomará como "
                    "máximo 10 minutos, y recibirá un folio.",
                    "Logging your report, in person or by phone, will take at most "
                    "10 minutes, and you will get a reference number.",
                ),
                REQUEST: t(
                    "Repararemos la luminaria reportada en un máximo de 3 días hábiles.",
                    "We will repair the reported light within 3 working days.",
                ),
            },
        )
        + [
            commitment(
                t(
                    "Al menos 95 % de las luminarias revisadas en los recorridos nocturnos estarán "
                    "funcionando.",
                    "At least 95% of the lights checked on night inspections will be working.",
                ),
                indicator(
                    t(
                        "Porcentaje de luminarias funcionando en los recorridos nocturnos",
                        "Share of lights working on night inspections",
                    ),
                    t("Número de luminarias encendidas en los recorridos"),
                    t("Número de luminarias revisadas en el periodo"),
                    target=95,
                    source=Source.ON_SITE_VISIT,
                    baseline=92,
                    sample=0.6,
                ),
            ),
        ],
    ),
    dict(
        slug="contratos-de-agua",
        dependency="agua-potable",
        services=["MET-AGU-001", "MET-AGU-003"],
        volume=700,
        title=t(
            "Contratos de agua y constancias de no adeudo",
            "Water connections and no-debt certificates",
        ),
        purpose=t(
            "Contratar el servicio de agua potable y drenaje y expedir constancias de no "
            "adeudo con rapidez y sin cobros indebidos."
        ),
        responsible_unit=t(
            "OPDAPAS Metepec, Gerencia Comercial. Av. Leona Vicario 1100, La "
            "Michoacana; 722 000 0112; agua@metepec.example."
        ),
        commitments=standard_commitments(minutes=20, days=10)
        + [
            commitment(
                t("Instalaremos su toma en un máximo de 5 días hábiles después de su pago."),
                indicator(
                    t("Porcentaje de tomas instaladas en 5 días hábiles o menos"),
                    t("Número de tomas instaladas en 5 días hábiles o menos desde el pago"),
                    t("Número de tomas instaladas en el periodo"),
                    threshold=5,
                    threshold_unit=Unit.WORKING_DAYS,
                    target=90,
                    baseline=83,
                    sample=0.4,
                ),
            ),
        ],
    ),
    dict(
        slug="fugas-y-desazolve",
        dependency="agua-potable",
        services=["MET-AGU-004", "MET-AGU-006"],
        volume=1300,
        title=t("Reparación de fugas y desazolve de drenaje", "Leak repair and sewer unblocking"),
        purpose=t(
            "Atender con rapidez las fugas de agua y las obstrucciones del drenaje para "
            "cuidar el agua y evitar encharcamientos.",
            "To fix water leaks and blocked sewers quickly, saving water and preventing flooding.",
        ),
        responsible_unit=t(
            "OPDAPAS Metepec, Gerencia de Operación. Av. Leona Vicario 1100, La "
            "Michoacana; 722 000 0112.",
            "OPDAPAS Metepec, Operations. Av. Leona Vicario 1100, La Michoacana; 722 000 0112.",
        ),
        certification=certified(date(2026, 8, 27)),
        commitments=standard_commitments(
            minutes=10,
            days=2,
            texts={
                ATTENTION: t(
                    "Registrar su reporte tomará como máximo 10 minutos.",
                    "Logging your report will take at most 10 minutes.",
                ),
                REQUEST: t(
                    "Repararemos la fuga o desazolvaremos el drenaje en un máximo de "
                    "2 días hábiles.",
                    "We will fix the leak or clear the sewer within 2 working days.",
                ),
            },
        )
        + [
            commitment(
                t(
                    "El tiempo promedio de reparación de una fuga será de un día hábil y medio o "
                    "menos.",
                    "Leaks will be fixed in an average of one and a half working days or less.",
                ),
                indicator(
                    t("Tiempo promedio de reparación de fugas", "Average leak repair time"),
                    t("Suma de los días hábiles entre el reporte y la reparación"),
                    t("Número de fugas reparadas en el periodo"),
                    kind=IndicatorKind.MEAN,
                    unit=Unit.WORKING_DAYS,
                    comparator=Comparator.AT_MOST,
                    target="1.5",
                    baseline="1.8",
                    sample=0.7,
                ),
            ),
        ],
    ),
    dict(
        slug="licencia-de-funcionamiento",
        dependency="desarrollo-economico",
        services=["MET-DE-001", "MET-DE-002"],
        volume=600,
        title=t(
            "Licencia de funcionamiento y refrendo (SARE)",
            "Operating licence and renewal (SARE)",
            "Tlanawatilli ika tlanamakiliztli",
        ),
        purpose=t(
            "Abrir un negocio de bajo riesgo en Metepec en un máximo de tres días "
            "hábiles, con un solo formato y sin costo.",
            "To let you open a low-risk business in Metepec within three working days, "
            "with a single form and free of charge.",
        ),
        responsible_unit=t(
            "Dirección de Desarrollo Económico, Centro de Atención Empresarial "
            "(SARE). Av. Ignacio Comonfort 130, planta baja; 722 000 0114.",
            "Economic Development Directorate, Business Service Centre (SARE). "
            "Av. Ignacio Comonfort 130, ground floor; 722 000 0114.",
        ),
        certification=certified(date(2026, 2, 19)),
        commitments=standard_commitments(minutes=30, days=3)
        + [
            commitment(
                t(
                    "La mitad de las licencias y refrendos se resolverán totalmente en línea.",
                    "Half of all licences and renewals will be handled entirely online.",
                ),
                indicator(
                    t(
                        "Porcentaje de licencias y refrendos resueltos en línea",
                        "Share of licences and renewals handled online",
                    ),
                    t("Número de licencias y refrendos resueltos en línea"),
                    t("Número de licencias y refrendos resueltos en el periodo"),
                    target=50,
                    baseline=38,
                ),
            ),
        ],
    ),
    dict(
        slug="dictamen-de-proteccion-civil",
        dependency="proteccion-civil",
        services=["MET-PC-001"],
        volume=260,
        title=t(
            "Dictamen de protección civil para establecimientos",
            "Civil protection assessment for businesses",
        ),
        purpose=t(
            "Verificar que los establecimientos cuenten con medidas de seguridad "
            "adecuadas, con inspecciones puntuales y criterios claros."
        ),
        responsible_unit=t(
            "Coordinación Municipal de Protección Civil y Bomberos, Departamento "
            "de Dictámenes. Av. Tecnológico 2000, La Providencia; 722 000 0110."
        ),
        commitments=standard_commitments(minutes=30, days=10)
        + [
            commitment(
                t("Realizaremos la inspección en la fecha programada con usted."),
                indicator(
                    t("Porcentaje de inspecciones realizadas en la fecha programada"),
                    t("Número de inspecciones realizadas en la fecha programada"),
                    t("Número de inspecciones programadas en el periodo"),
                    target=90,
                    baseline=85,
                ),
            ),
        ],
    ),
    dict(
        slug="poda-y-derribo-de-arboles",
        dependency="medio-ambiente",
        services=["MET-MA-001"],
        volume=150,
        title=t(
            "Permisos de poda, derribo y trasplante de árboles",
            "Tree pruning, felling and transplant permits",
        ),
        purpose=t(
            "Resolver las solicitudes sobre arbolado protegiendo a las personas y al "
            "patrimonio natural, y garantizar la restitución de cada árbol derribado."
        ),
        responsible_unit=t(
            "Dirección de Medio Ambiente, Departamento de Arbolado Urbano. Camino "
            "a San Gaspar s/n; 722 000 0115."
        ),
        commitments=standard_commitments(minutes=20, days=10)
        + [
            commitment(
                t(
                    "Plantaremos al menos 120 árboles por trimestre como restitución de los "
                    "derribos autorizados."
                ),
                indicator(
                    t("Árboles plantados como restitución"),
                    t("Número de árboles plantados en el trimestre"),
                    kind=IndicatorKind.COUNT,
                    unit=Unit.COUNT,
                    target=120,
                    source=Source.ON_SITE_VISIT,
                    baseline=96,
                ),
            ),
        ],
    ),
]

# --- Measurements -------------------------------------------------------------------------------

# Quarters measured for published versions and for the archived versions they replaced.
PUBLISHED_PERIODS = [
    Period(2025, "T", 4),
    Period(2026, "T", 1),
    Period(2026, "T", 2),
    Period(2026, "T", 3),
]
ARCHIVED_PERIODS = [
    Period(2024, "T", 1),
    Period(2024, "T", 2),
    Period(2024, "T", 3),
    Period(2024, "T", 4),
]
# Quarters whose reports the demo publishes, after an improvement action for each unmet result.
REPORTED_PERIODS = [Period(2026, "T", 2), Period(2026, "T", 3)]
IMPROVEMENT = dict(
    cause="Análisis del comité de calidad: la demanda del trimestre superó la plantilla de "
    "personal disponible en las horas de mayor afluencia.",
    action="Reforzar la atención con una persona más en ventanilla en las horas pico y revisar "
    "el resultado en el siguiente trimestre.",
    responsible="Comité de calidad de la dependencia",
)
# Chance that an indicator meets its target in each of those quarters: services improve.
MET_RATE = [0.66, 0.73, 0.79, 0.84]
# Chance that a quarter has no data at all (a survey or a visit that did not happen).
NO_DATA_RATE = 0.03
SEED = 2026

# The demo institution's identity and contacts (``flask seed-demo`` saves them as staff would at
# /admin/institucion). Addresses and numbers are invented; the domain is reserved for examples.
INSTITUTION = {
    "name": {
        "es": "Municipio de Metepec (demostración)",
        "en": "Municipality of Metepec (demonstration)",
    },
    "short_name": {"es": "Metepec"},
    "address": "Palacio Municipal, Metepec, Estado de México (dirección de demostración)",
    "email": "contacto@metepec.example.org",
    "phone": "722 000 0000",
    "privacy_controller": "Unidad de Transparencia del Municipio de Metepec (demostración)",
    "privacy_email": "transparencia@metepec.example.org",
    "privacy_phone": "722 000 0001",
    "accessibility_email": "accesibilidad@metepec.example.org",
    "accessibility_phone": "722 000 0002",
    "channels": [
        {"label": "Facebook", "url": "https://facebook.example.org/metepec"},
        {"label": "WhatsApp", "url": "https://wa.example.org/527220000000"},
    ],
    "logo_alt": {
        "es": "Logotipo de demostración del Municipio de Metepec",
        "en": "Demonstration logo of the Municipality of Metepec",
    },
}
INSTITUTION_LOGO = "logo.svg"  # next to this file
