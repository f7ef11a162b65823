"""The demo institution: a municipality modelled on Metepec, Estado de México.

Everything here is invented for demonstration (offices, phone numbers, e-mail addresses,
article numbers, amounts and results), though it follows the shape of a real municipal catalog
and of the Metepec practice in ``seeds/001``. Translatable fields are built with ``t()``: Spanish
is always complete, English covers about half of the content and Náhuatl a few names and
commitments, so that the fallback to Spanish can be seen. Paragraphs are separated by a blank line.

The loader (``seed.py``) turns these structures into rows; references between them use slugs,
office keys and service codes.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from app.catalog.models import Modality, ServiceKind, Silence
from app.charters.models import (
    Comparator,
    IndicatorKind,
    Periodicity,
    Source,
    StandardIndicator,
    Unit,
)
from app.core.types import Period, WorkingDays

TRAMITE, SERVICIO = ServiceKind.TRAMITE, ServiceKind.SERVICIO
IN_PERSON, ONLINE, BOTH = Modality.IN_PERSON, Modality.ONLINE, Modality.BOTH
POSITIVE, NEGATIVE, NO_SILENCE = Silence.POSITIVE, Silence.NEGATIVE, Silence.NOT_APPLICABLE
SITE = "https://metepec.example"


def t(es: str, en: str | None = None, nah: str | None = None) -> dict:
    """A translatable text; a language without a translation is left out (it falls back to es)."""
    return {lang: text for lang, text in (("es", es), ("en", en), ("nah", nah)) if text}


def req(
    es: str,
    en: str | None = None,
    *,
    original: bool = False,
    copies: int = 0,
    notes: dict | None = None,
) -> dict:
    """A requirement: whether the original must be shown and how many copies to bring."""
    return {"name": t(es, en), "original": original, "copies": copies, "notes": notes}


def form(es: str, file: str, en: str | None = None) -> dict:
    """A request format, downloadable from the institution's site."""
    return {"name": t(es, en), "url": f"{SITE}/formatos/{file}.pdf"}


def cfem(article: str, note: dict | None = None) -> dict:
    """A cost basis in the Código Financiero del Estado de México y Municipios."""
    basis = t(
        f"Código Financiero del Estado de México y Municipios, artículo {article}.",
        f"Financial Code of the State of Mexico and its Municipalities, article {article}.",
    )
    for lang, text in (note or {}).items():
        if lang in basis:
            basis[lang] += " " + text
    return basis


# --- Shared texts -------------------------------------------------------------------------------

WEEKDAYS_9_18 = t("Lunes a viernes de 9:00 a 18:00 h", "Monday to Friday, 9:00 to 18:00")
WEEKDAYS_9_15 = t("Lunes a viernes de 9:00 a 15:00 h", "Monday to Friday, 9:00 to 15:00")
WEEKDAYS_AND_SATURDAY = t(
    "Lunes a viernes de 9:00 a 18:00 h; sábados de 9:00 a 13:00 h",
    "Monday to Friday, 9:00 to 18:00; Saturdays, 9:00 to 13:00",
)

ACCESS_FULL = t(
    "Entrada a nivel de calle con rampa; elevador a todos los pisos; baño accesible; "
    "señalización en Braille; intérprete de Lengua de Señas Mexicana con cita previa de dos días "
    "hábiles.",
    "Step-free entrance with a ramp; lift to every floor; accessible toilet; Braille signs; "
    "Mexican Sign Language interpreter on request two working days in advance.",
)
ACCESS_GROUND_FLOOR = t(
    "Oficinas en planta baja con rampa de acceso y cajón de estacionamiento reservado; ventanilla "
    "a baja altura; se permite la entrada con perro de asistencia.",
    "Ground-floor offices with an access ramp and a reserved parking space; low counter; "
    "assistance dogs welcome.",
)
ACCESS_PARTIAL = t(
    "Rampa en la entrada y baño accesible en planta baja. Las aulas del primer piso no tienen "
    "elevador: si lo necesita, avise con un día de anticipación y su sesión se dará en planta "
    "baja.",
    "Ramp at the entrance and accessible toilet on the ground floor. First-floor rooms have no "
    "lift: tell us a day in advance and your session will be held downstairs.",
)
ACCESS_HEALTH = t(
    "Edificio de una sola planta con pasillos amplios, barandales, baños accesibles y préstamo "
    "de sillas de ruedas; personal que se comunica en Lengua de Señas Mexicana en el turno "
    "matutino.",
)

ID = req(
    "Identificación oficial vigente con fotografía (credencial para votar, pasaporte o cédula "
    "profesional)",
    "Valid official photo ID (voter card, passport or professional licence)",
    original=True,
    copies=1,
)
CURP = req(
    "Clave Única de Registro de Población (CURP)", "Population registry code (CURP)", copies=1
)
PROOF_OF_ADDRESS = req(
    "Comprobante de domicilio con antigüedad no mayor a tres meses (agua, luz o teléfono)",
    "Proof of address issued within the last three months (water, electricity or phone bill)",
    copies=1,
)
PROPERTY_TAX_RECEIPT = req(
    "Recibo de pago del impuesto predial del año en curso",
    "This year's property tax receipt",
    original=True,
    copies=1,
)
PROOF_OF_OWNERSHIP = req(
    "Documento que acredite la propiedad (escritura pública, contrato de compraventa o título "
    "de propiedad)",
    "Proof of ownership (public deed, purchase agreement or property title)",
    original=True,
    copies=1,
)
POWER_OF_ATTORNEY = req(
    "Si acude en representación de otra persona: carta poder firmada ante dos testigos, con las "
    "identificaciones de quien la otorga, de quien la recibe y de los testigos",
    "If acting for someone else: a letter of authorization signed before two witnesses, with the "
    "IDs of everyone who signs",
    original=True,
    copies=1,
)
APPLICATION = req(
    "Formato de solicitud o escrito libre, firmado",
    "Signed application form or letter",
    original=True,
)
PHOTOS = req(
    "Dos fotografías tamaño infantil recientes", "Two recent passport-size photographs", copies=2
)

DIF_FEES = t(
    "Tabulador de cuotas de recuperación del Sistema Municipal DIF de Metepec 2026. Por consulta "
    "o sesión; exención total o parcial previo estudio socioeconómico.",
    "Metepec DIF schedule of cost-recovery fees 2026. Per visit or session; full or partial "
    "exemption after a means assessment.",
)

# --- Organization -------------------------------------------------------------------------------

DEPENDENCIES = [
    dict(
        slug="secretaria-del-ayuntamiento",
        acronym="SA",
        parent=None,
        name=t("Secretaría del Ayuntamiento", "Office of the Town Council Secretary"),
    ),
    dict(
        slug="igualdad-de-genero",
        acronym="DIG",
        parent="secretaria-del-ayuntamiento",
        name=t("Dirección de Igualdad de Género", "Gender Equality Directorate"),
    ),
    dict(
        slug="registro-civil",
        acronym="RC",
        parent="secretaria-del-ayuntamiento",
        name=t("Coordinación Municipal del Registro Civil", "Municipal Civil Registry"),
    ),
    dict(
        slug="gobierno-por-resultados",
        acronym="DGR",
        parent=None,
        name=t("Dirección de Gobierno por Resultados", "Results-Based Government Directorate"),
    ),
    dict(
        slug="mejora-regulatoria",
        acronym="CGMMR",
        parent="gobierno-por-resultados",
        name=t(
            "Coordinación General Municipal de Mejora Regulatoria",
            "Municipal Regulatory Improvement Coordination",
        ),
    ),
    dict(
        slug="tesoreria",
        acronym="TM",
        parent=None,
        name=t("Tesorería Municipal", "Municipal Treasury", "Altepetl Tominkalli"),
    ),
    dict(
        slug="catastro",
        acronym="CAT",
        parent="tesoreria",
        name=t("Subdirección de Catastro", "Cadastre Office"),
    ),
    dict(
        slug="desarrollo-urbano",
        acronym="DDUOP",
        parent=None,
        name=t(
            "Dirección de Desarrollo Urbano y Obras Públicas",
            "Urban Development and Public Works Directorate",
        ),
    ),
    dict(
        slug="dif",
        acronym="SMDIF",
        parent=None,
        name=t(
            "Sistema Municipal para el Desarrollo Integral de la Familia",
            "Municipal Family Development System (DIF)",
            "Tlapalewiliztli tlen Senkalli",
        ),
    ),
    dict(
        slug="proteccion-civil",
        acronym="CMPCB",
        parent=None,
        name=t(
            "Coordinación Municipal de Protección Civil y Bomberos",
            "Municipal Civil Protection and Fire Service",
            "Tlamalwiliztli",
        ),
    ),
    dict(
        slug="servicios-publicos",
        acronym="DSP",
        parent=None,
        name=t("Dirección de Servicios Públicos", "Public Services Directorate"),
    ),
    dict(
        slug="agua-potable",
        acronym="OPDAPAS",
        parent=None,
        name=t(
            "Organismo Público Descentralizado para la Prestación de los Servicios de Agua "
            "Potable, Alcantarillado y Saneamiento de Metepec",
            "Metepec Water and Sanitation Agency (decentralized body)",
            "Tekitl tlen Atl",
        ),
    ),
    dict(
        slug="desarrollo-economico",
        acronym="DDE",
        parent=None,
        name=t("Dirección de Desarrollo Económico", "Economic Development Directorate"),
    ),
    dict(
        slug="medio-ambiente",
        acronym="DMA",
        parent=None,
        name=t("Dirección de Medio Ambiente", "Environment Directorate"),
    ),
    dict(
        slug="educacion-y-cultura",
        acronym="DEC",
        parent=None,
        name=t("Dirección de Educación y Cultura"),
    ),
]

TOPICS = [
    dict(
        slug="impuestos-y-pagos", name=t("Impuestos y pagos", "Taxes and payments", "Tlaxtlawilli")
    ),
    dict(
        slug="predios-y-construccion",
        name=t("Predios, construcción y catastro", "Property, building and cadastre"),
    ),
    dict(
        slug="registro-civil-e-identidad",
        name=t("Registro civil e identidad", "Civil registry and identity"),
    ),
    dict(
        slug="familia-y-salud",
        name=t("Familia, salud y asistencia social", "Family, health and social assistance"),
    ),
    dict(
        slug="igualdad-y-derechos-de-las-mujeres",
        name=t("Igualdad y derechos de las mujeres", "Equality and women's rights"),
    ),
    dict(slug="agua-y-drenaje", name=t("Agua y drenaje", "Water and drainage", "Atl")),
    dict(slug="servicios-urbanos", name=t("Servicios urbanos", "Urban services")),
    dict(slug="negocios-y-empleo", name=t("Negocios y empleo", "Business and jobs")),
    dict(
        slug="proteccion-civil", name=t("Protección civil y riesgos", "Civil protection and risks")
    ),
    dict(slug="medio-ambiente", name=t("Medio ambiente", "Environment")),
    dict(slug="educacion-y-cultura", name=t("Educación y cultura")),
    dict(slug="atencion-ciudadana", name=t("Atención ciudadana y mejora regulatoria")),
]

# ``key`` only links services to offices here; it is not stored.
OFFICES = [
    dict(
        key="cajas",
        dependency="tesoreria",
        name=t("Cajas de la Tesorería, Palacio Municipal", "Treasury cash desks, Town Hall"),
        address="Plaza Juárez 1, Barrio de Santa Cruz, 52140 Metepec, Méx.",
        hours=WEEKDAYS_AND_SATURDAY,
        phone="722 000 0101",
        email="tesoreria@metepec.example",
        latitude=Decimal("19.254500"),
        longitude=Decimal("-99.604000"),
        accessibility=ACCESS_FULL,
    ),
    dict(
        key="catastro",
        dependency="catastro",
        name=t("Oficina de Catastro", "Cadastre Office"),
        address="Calle Moctezuma 104, Barrio de Santiaguito, 52140 Metepec, Méx.",
        hours=WEEKDAYS_9_18,
        phone="722 000 0102",
        email="catastro@metepec.example",
        latitude=Decimal("19.256100"),
        longitude=Decimal("-99.605900"),
        accessibility=ACCESS_GROUND_FLOOR,
    ),
    dict(
        key="ventanilla-urbana",
        dependency="desarrollo-urbano",
        name=t("Ventanilla Única de Desarrollo Urbano", "Urban Development one-stop desk"),
        address="Av. Ignacio Comonfort 130, Barrio de Coaxustenco, 52140 Metepec, Méx.",
        hours=WEEKDAYS_9_15,
        phone="722 000 0103",
        email="desarrollo.urbano@metepec.example",
        latitude=Decimal("19.252800"),
        longitude=Decimal("-99.602100"),
        accessibility=ACCESS_FULL,
    ),
    dict(
        key="registro-civil-01",
        dependency="registro-civil",
        name=t(
            "Oficialía 01 del Registro Civil, Cabecera Municipal",
            "Civil Registry Office 01, town centre",
        ),
        address="Calle Vicente Guerrero 201, Barrio de San Mateo, 52140 Metepec, Méx.",
        hours=WEEKDAYS_AND_SATURDAY,
        phone="722 000 0104",
        email="registro.civil@metepec.example",
        latitude=Decimal("19.257500"),
        longitude=Decimal("-99.603100"),
        accessibility=ACCESS_GROUND_FLOOR,
    ),
    dict(
        key="registro-civil-02",
        dependency="registro-civil",
        name=t("Oficialía 02 del Registro Civil, San Salvador Tizatlalli"),
        address="Av. Estado de México 1210, San Salvador Tizatlalli, 52172 Metepec, Méx.",
        hours=WEEKDAYS_9_15,
        phone="722 000 0105",
        email="registro.civil@metepec.example",
        latitude=Decimal("19.271800"),
        longitude=Decimal("-99.586500"),
        accessibility=ACCESS_GROUND_FLOOR,
    ),
    dict(
        key="secretaria",
        dependency="secretaria-del-ayuntamiento",
        name=t(
            "Secretaría del Ayuntamiento, Palacio Municipal (primer piso)",
            "Town Council Secretary, Town Hall (first floor)",
        ),
        address="Plaza Juárez 1, Barrio de Santa Cruz, 52140 Metepec, Méx.",
        hours=WEEKDAYS_9_18,
        phone="722 000 0106",
        email="secretaria@metepec.example",
        latitude=Decimal("19.254600"),
        longitude=Decimal("-99.604200"),
        accessibility=ACCESS_FULL,
    ),
    dict(
        key="centro-mujeres",
        dependency="igualdad-de-genero",
        name=t("Centro de Atención Integral para las Mujeres", "Women's Comprehensive Care Centre"),
        address="Calle Allende 305, Barrio de San Miguel, 52140 Metepec, Méx.",
        hours=WEEKDAYS_9_18,
        phone="722 000 0107",
        email="igualdad@metepec.example",
        latitude=Decimal("19.251000"),
        longitude=Decimal("-99.607000"),
        accessibility=ACCESS_PARTIAL,
    ),
    dict(
        key="dif-sede",
        dependency="dif",
        name=t("Sede del Sistema Municipal DIF", "DIF headquarters"),
        address="Av. Benito Juárez 520, Barrio de Santa Cruz, 52140 Metepec, Méx.",
        hours=t("Lunes a viernes de 8:00 a 16:00 h"),
        phone="722 000 0108",
        email="dif@metepec.example",
        latitude=Decimal("19.249800"),
        longitude=Decimal("-99.601200"),
        accessibility=ACCESS_HEALTH,
    ),
    dict(
        key="rehabilitacion",
        dependency="dif",
        name=t("Unidad Básica de Rehabilitación e Integración Social"),
        address="Calle Galeana 410, San Jerónimo Chicahualco, 52170 Metepec, Méx.",
        hours=t(
            "Lunes a viernes de 8:00 a 19:00 h; sábados de 8:00 a 13:00 h",
            "Monday to Friday, 8:00 to 19:00; Saturdays, 8:00 to 13:00",
        ),
        phone="722 000 0109",
        email="rehabilitacion@metepec.example",
        latitude=Decimal("19.268000"),
        longitude=Decimal("-99.598500"),
        accessibility=ACCESS_HEALTH,
    ),
    dict(
        key="bomberos",
        dependency="proteccion-civil",
        name=t(
            "Estación Central de Protección Civil y Bomberos",
            "Central Civil Protection and Fire Station",
        ),
        address="Av. Tecnológico 2000, La Providencia, 52177 Metepec, Méx.",
        hours=t(
            "Trámites: lunes a viernes de 9:00 a 17:00 h. Emergencias: todos los días, las "
            "24 horas, al 911.",
            "Procedures: Monday to Friday, 9:00 to 17:00. Emergencies: every day, 24 hours, "
            "call 911.",
        ),
        phone="722 000 0110",
        email="proteccion.civil@metepec.example",
        latitude=Decimal("19.260500"),
        longitude=Decimal("-99.589000"),
        accessibility=ACCESS_GROUND_FLOOR,
    ),
    dict(
        key="servicios-publicos",
        dependency="servicios-publicos",
        name=t("Unidad Operativa de Servicios Públicos", "Public Services Operations Unit"),
        address="Calle Independencia Oriente 600, San Lucas Tunco, 52147 Metepec, Méx.",
        hours=t("Lunes a sábado de 8:00 a 17:00 h", "Monday to Saturday, 8:00 to 17:00"),
        phone="722 000 0111",
        email="servicios.publicos@metepec.example",
        latitude=Decimal("19.242000"),
        longitude=Decimal("-99.608000"),
        accessibility=ACCESS_GROUND_FLOOR,
    ),
    dict(
        key="opdapas",
        dependency="agua-potable",
        name=t("Oficinas centrales del OPDAPAS", "OPDAPAS head office"),
        address="Av. Leona Vicario 1100, La Michoacana, 52166 Metepec, Méx.",
        hours=WEEKDAYS_AND_SATURDAY,
        phone="722 000 0112",
        email="agua@metepec.example",
        latitude=Decimal("19.269000"),
        longitude=Decimal("-99.615000"),
        accessibility=ACCESS_FULL,
    ),
    dict(
        key="opdapas-norte",
        dependency="agua-potable",
        name=t("Módulo de atención OPDAPAS Norte"),
        address="Av. Las Torres 45, local 12, San Jerónimo Chicahualco, 52170 Metepec, Méx.",
        hours=WEEKDAYS_9_15,
        phone="722 000 0113",
        email="agua@metepec.example",
        latitude=Decimal("19.274500"),
        longitude=Decimal("-99.593500"),
        accessibility=ACCESS_GROUND_FLOOR,
    ),
    dict(
        key="sare",
        dependency="desarrollo-economico",
        name=t("Centro de Atención Empresarial (SARE)", "Business Service Centre (SARE)"),
        address="Av. Ignacio Comonfort 130, planta baja, Barrio de Coaxustenco, 52140 Metepec, "
        "Méx.",
        hours=WEEKDAYS_9_18,
        phone="722 000 0114",
        email="sare@metepec.example",
        latitude=Decimal("19.252900"),
        longitude=Decimal("-99.602000"),
        accessibility=ACCESS_FULL,
    ),
    dict(
        key="medio-ambiente",
        dependency="medio-ambiente",
        name=t("Dirección de Medio Ambiente y Vivero Municipal"),
        address="Camino a San Gaspar s/n, San Gaspar Tlahuelilpan, 52147 Metepec, Méx.",
        hours=t("Lunes a viernes de 9:00 a 17:00 h; el vivero abre los sábados de 9:00 a 13:00 h"),
        phone="722 000 0115",
        email="medio.ambiente@metepec.example",
        latitude=Decimal("19.237500"),
        longitude=Decimal("-99.596000"),
        accessibility=t(
            "Oficina en planta baja con rampa. Los senderos del vivero son de tierra compactada, "
            "con pendientes suaves; hay préstamo de silla de ruedas en la entrada.",
            "Ground-floor office with a ramp. The nursery paths are compacted earth with gentle "
            "slopes; a wheelchair can be borrowed at the entrance.",
        ),
    ),
    dict(
        key="atencion-ciudadana",
        dependency="mejora-regulatoria",
        name=t(
            "Módulo de Mejora Regulatoria y Atención Ciudadana, Palacio Municipal (planta baja)",
            "Regulatory Improvement and Citizen Service desk, Town Hall (ground floor)",
        ),
        address="Plaza Juárez 1, Barrio de Santa Cruz, 52140 Metepec, Méx.",
        hours=WEEKDAYS_9_18,
        phone="722 000 0100",
        email="atencion.ciudadana@metepec.example",
        latitude=Decimal("19.254400"),
        longitude=Decimal("-99.604100"),
        accessibility=ACCESS_FULL,
    ),
    dict(
        key="casa-de-cultura",
        dependency="educacion-y-cultura",
        name=t("Casa de Cultura y Biblioteca Pública Municipal"),
        address="Calle Miguel Hidalgo 110, Barrio de Santiaguito, 52140 Metepec, Méx.",
        hours=t("Lunes a sábado de 9:00 a 20:00 h", "Monday to Saturday, 9:00 to 20:00"),
        phone="722 000 0117",
        email="cultura@metepec.example",
        latitude=Decimal("19.255800"),
        longitude=Decimal("-99.606500"),
        accessibility=t(
            "Planta baja accesible con rampa y baño adaptado; los salones de danza "
            "están en el primer piso, sin elevador."
        ),
    ),
]

# --- Procedures and services --------------------------------------------------------------------

# What a service has unless its entry says otherwise.
SERVICE_DEFAULTS = dict(
    cases=None,
    online_url=None,
    cost_amount=None,
    cost_basis=None,
    result=None,
    validity=None,
    languages=["es"],
    request_formats=[],
)

PERMANENT = t("Permanente.", "Indefinite.")
SIX_MONTHS = t("Seis meses a partir de su expedición.", "Six months from the date of issue.")
ONE_YEAR = t("Un año a partir de su expedición.", "One year from the date of issue.")

SERVICES = [
    # Tesorería
    dict(
        code="MET-TES-001",
        slug="pago-del-impuesto-predial",
        kind=TRAMITE,
        modality=BOTH,
        name=t("Pago del impuesto predial", "Property tax payment", "Tlaxtlawilli tlen tlalli"),
        dependency="tesoreria",
        topic="impuestos-y-pagos",
        offices=["cajas"],
        online_url=f"{SITE}/pagos/predial",
        description=t(
            "Pago anual o bimestral del impuesto que causan los inmuebles ubicados en el "
            "municipio. El importe se calcula con el valor catastral del predio y la tarifa del "
            "Código Financiero.\n\nEn enero, febrero y marzo se aplican descuentos por pago "
            "anticipado; las personas adultas mayores, pensionadas y con discapacidad pueden "
            "solicitar además una bonificación.",
            "Annual or bimonthly payment of the tax on real estate in the municipality. The amount "
            "is based on the cadastral value of the property and the rate in the Financial Code."
            "\n\nEarly-payment discounts apply in January, February and March; older adults, "
            "pensioners and people with disabilities may also apply for a reduction.",
        ),
        applicants=t(
            "Personas propietarias o poseedoras de inmuebles en Metepec, o quien pague "
            "en su nombre.",
            "Owners or occupiers of property in Metepec, or anyone paying for them.",
        ),
        cases=t(
            "Cada año, en una sola exhibición durante el primer trimestre o cada bimestre.",
            "Every year, in one payment during the first quarter or every two months.",
        ),
        response_days=WorkingDays(1),
        silence=NO_SILENCE,
        cost_amount=Decimal("265.00"),
        cost_basis=cfem(
            "109",
            t(
                "Cuota mínima anual; el importe final depende del valor catastral del inmueble.",
                "Minimum annual amount; the final amount depends on the "
                "cadastral value of the property.",
            ),
        ),
        result=t(
            "Recibo oficial de pago (comprobante fiscal digital).",
            "Official receipt (digital tax invoice).",
        ),
        validity=t("El ejercicio fiscal pagado.", "The fiscal year paid."),
        legal_basis=t(
            "Código Financiero del Estado de México y Municipios, artículos 107 a 112; "
            "Ley de Ingresos de los Municipios del Estado de México para el Ejercicio "
            "Fiscal 2026."
        ),
        keywords=[
            "predial",
            "impuesto",
            "pago",
            "casa",
            "terreno",
            "descuento",
            "línea de captura",
        ],
        updated_on=date(2026, 1, 8),
        requirements=[
            req(
                "Clave catastral o recibo del año anterior", "Cadastral key or last year's receipt"
            ),
            req(
                "Para pagar en línea: tarjeta de débito o crédito, o línea de captura para pagar "
                "en banco o tienda de conveniencia",
                "To pay online: a debit or credit card, or a payment reference for a bank or "
                "convenience store",
            ),
        ],
    ),
    dict(
        code="MET-TES-002",
        slug="constancia-de-no-adeudo-del-impuesto-predial",
        kind=TRAMITE,
        modality=BOTH,
        online_url=f"{SITE}/tramites/no-adeudo-predial",
        name=t(
            "Constancia de no adeudo del impuesto predial", "Certificate of no property tax debt"
        ),
        dependency="tesoreria",
        topic="impuestos-y-pagos",
        offices=["cajas"],
        description=t(
            "Documento que certifica que un inmueble está al corriente en el pago del "
            "impuesto predial. Se pide, por ejemplo, para escriturar, vender o tramitar "
            "una licencia de construcción."
        ),
        applicants=t(
            "Persona propietaria del inmueble o su representante legal.",
            "The owner of the property or their legal representative.",
        ),
        cases=t(
            "Compraventa, escrituración, trámites de desarrollo urbano o cuando lo pida otra "
            "autoridad."
        ),
        response_days=WorkingDays(3),
        silence=POSITIVE,
        cost_amount=Decimal("186.00"),
        cost_basis=cfem("150, fracción III"),
        result=t(
            "Constancia de no adeudo firmada por la Tesorería Municipal.",
            "Certificate signed by the Municipal Treasury.",
        ),
        validity=t(
            "Hasta el 31 de diciembre del año en que se expide.",
            "Until 31 December of the year of issue.",
        ),
        legal_basis=t(
            "Código Financiero del Estado de México y Municipios, artículos 150 y 153; "
            "Ley Orgánica Municipal del Estado de México, artículo 95."
        ),
        keywords=["constancia", "no adeudo", "predial", "escrituración", "compraventa"],
        updated_on=date(2026, 2, 3),
        requirements=[ID, PROPERTY_TAX_RECEIPT, POWER_OF_ATTORNEY],
        request_formats=[
            form(
                "Solicitud de constancia de no adeudo",
                "tes-no-adeudo",
                "Application for a certificate of no debt",
            )
        ],
    ),
    dict(
        code="MET-TES-003",
        slug="bonificacion-del-impuesto-predial",
        kind=TRAMITE,
        modality=IN_PERSON,
        name=t(
            "Bonificación del impuesto predial para personas adultas mayores, pensionadas y "
            "con discapacidad",
            "Property tax reduction for older adults, pensioners and people with disabilities",
        ),
        dependency="tesoreria",
        topic="impuestos-y-pagos",
        offices=["cajas"],
        description=t(
            "Reducción del impuesto predial de la casa que habita la persona solicitante cuando es "
            "adulta mayor, jubilada, pensionada, viuda o tiene alguna discapacidad. La "
            "bonificación se aplica al momento del pago anual.\n\nSólo aplica para un inmueble "
            "por persona y cuando su valor catastral no rebasa el límite que fija la ley.",
            "A reduction of the property tax on the applicant's home when they are an older "
            "adult, retired, a pensioner, widowed or have a disability. It is applied when the "
            "annual tax is paid.\n\nIt covers one property per person whose cadastral value is "
            "below the legal limit.",
        ),
        applicants=t(
            "Personas de 60 años o más, jubiladas, pensionadas, viudas o con "
            "discapacidad, que sean propietarias del inmueble y lo habiten."
        ),
        cases=t("Al pagar el impuesto predial del año en curso."),
        response_days=WorkingDays(2),
        silence=NEGATIVE,
        cost_basis=t("Sin costo.", "Free of charge."),
        result=t("Descuento aplicado en el recibo de pago del impuesto predial."),
        validity=t("El ejercicio fiscal en que se aplica."),
        legal_basis=t(
            "Código Financiero del Estado de México y Municipios, artículo 31; Ley de "
            "Ingresos de los Municipios del Estado de México para el Ejercicio Fiscal "
            "2026, artículo 7."
        ),
        languages=["es", "lsm"],
        keywords=[
            "predial",
            "descuento",
            "bonificación",
            "adultos mayores",
            "pensionados",
            "INAPAM",
            "discapacidad",
        ],
        updated_on=date(2026, 1, 5),
        requirements=[
            ID,
            req(
                "Credencial del INAPAM, resolución de pensión o certificado de discapacidad "
                "expedido por una institución pública de salud",
                "INAPAM card, pension award or disability certificate from a public health "
                "institution",
                original=True,
                copies=1,
            ),
            PROOF_OF_OWNERSHIP,
            PROOF_OF_ADDRESS,
        ],
    ),
    dict(
        code="MET-TES-004",
        slug="devolucion-de-pagos-indebidos",
        kind=TRAMITE,
        modality=IN_PERSON,
        name=t("Devolución de pagos indebidos o en exceso"),
        dependency="tesoreria",
        topic="impuestos-y-pagos",
        offices=["cajas"],
        description=t(
            "Reintegro de cantidades pagadas de más o sin obligación por impuestos, "
            "derechos o aprovechamientos municipales, previa revisión de la Tesorería."
        ),
        applicants=t("Personas físicas o morales que hicieron el pago, o su representante legal."),
        cases=t(
            "Cuando se pagó dos veces, se pagó más de lo debido o se pagó un concepto que no "
            "correspondía."
        ),
        response_days=WorkingDays(30),
        silence=NEGATIVE,
        result=t(
            "Resolución de devolución y depósito por transferencia a la cuenta bancaria de "
            "la persona solicitante."
        ),
        legal_basis=t("Código Financiero del Estado de México y Municipios, artículos 32 y 33."),
        keywords=["devolución", "reembolso", "pago indebido", "saldo a favor"],
        updated_on=date(2026, 3, 17),
        requirements=[
            APPLICATION,
            ID,
            req("Comprobante original del pago cuya devolución se pide", original=True, copies=1),
            req("Estado de cuenta bancario con CLABE a nombre de la persona solicitante", copies=1),
            POWER_OF_ATTORNEY,
        ],
        request_formats=[form("Solicitud de devolución", "tes-devolucion")],
    ),
    # Catastro
    dict(
        code="MET-CAT-001",
        slug="constancia-de-identificacion-catastral",
        kind=TRAMITE,
        modality=BOTH,
        online_url=f"{SITE}/tramites/catastro/identificacion",
        name=t("Constancia de identificación catastral", "Cadastral identification certificate"),
        dependency="catastro",
        topic="predios-y-construccion",
        offices=["catastro"],
        description=t(
            "Documento que identifica un inmueble en el padrón catastral: clave "
            "catastral, ubicación, superficie de terreno y de construcción, y nombre de "
            "la persona propietaria registrada.",
            "Document identifying a property in the cadastral register: cadastral key, "
            "location, land and building area, and registered owner.",
        ),
        applicants=t(
            "Persona propietaria o poseedora del inmueble, notarías públicas y autoridades.",
            "Property owners or occupiers, notaries public and authorities.",
        ),
        cases=t("Escrituración, juicios, créditos hipotecarios y trámites de desarrollo urbano."),
        response_days=WorkingDays(3),
        silence=POSITIVE,
        cost_amount=Decimal("245.00"),
        cost_basis=cfem("166, fracción I"),
        result=t(
            "Constancia de identificación catastral con sello y firma electrónica.",
            "Certificate with seal and electronic signature.",
        ),
        validity=SIX_MONTHS,
        legal_basis=t("Código Financiero del Estado de México y Municipios, artículos 166 y 171."),
        keywords=["constancia", "catastral", "clave catastral", "predio", "escrituras"],
        updated_on=date(2026, 2, 11),
        requirements=[ID, PROPERTY_TAX_RECEIPT, PROOF_OF_OWNERSHIP],
        request_formats=[
            form(
                "Solicitud de servicios catastrales",
                "cat-solicitud",
                "Application for cadastral services",
            )
        ],
    ),
    dict(
        code="MET-CAT-002",
        slug="certificacion-de-clave-y-valor-catastral",
        kind=TRAMITE,
        modality=IN_PERSON,
        name=t(
            "Certificación de clave y valor catastral", "Certification of cadastral key and value"
        ),
        dependency="catastro",
        topic="predios-y-construccion",
        offices=["catastro"],
        description=t(
            "Certificación del valor catastral vigente de un inmueble y de su clave, "
            "que sirve de base para calcular el impuesto sobre adquisición de inmuebles "
            "y para operaciones ante notaría."
        ),
        applicants=t(
            "Persona propietaria, notarías públicas y autoridades judiciales o administrativas."
        ),
        cases=t(
            "Compraventa, donación, herencia o cualquier operación que requiera conocer el "
            "valor catastral."
        ),
        response_days=WorkingDays(5),
        silence=POSITIVE,
        cost_amount=Decimal("310.00"),
        cost_basis=cfem("166, fracción II"),
        result=t("Certificación de clave y valor catastral."),
        validity=SIX_MONTHS,
        legal_basis=t(
            "Código Financiero del Estado de México y Municipios, artículos 166, "
            "fracción II, y 175."
        ),
        keywords=[
            "certificación",
            "valor catastral",
            "clave catastral",
            "notaría",
            "traslado de dominio",
        ],
        updated_on=date(2026, 2, 11),
        requirements=[
            ID,
            PROPERTY_TAX_RECEIPT,
            PROOF_OF_OWNERSHIP,
            req("Croquis de localización del inmueble", "Location sketch", copies=1),
        ],
        request_formats=[
            form(
                "Solicitud de servicios catastrales",
                "cat-solicitud",
                "Application for cadastral services",
            )
        ],
    ),
    dict(
        code="MET-CAT-003",
        slug="levantamiento-topografico-catastral",
        kind=TRAMITE,
        modality=IN_PERSON,
        name=t("Levantamiento topográfico catastral", "Cadastral topographic survey"),
        dependency="catastro",
        topic="predios-y-construccion",
        offices=["catastro"],
        description=t(
            "Medición en campo de un predio, con equipo topográfico, para determinar su "
            "superficie, medidas y colindancias, y actualizar el padrón catastral.\n\nPersonal de "
            "Catastro acude al predio en la fecha acordada; la persona solicitante, o alguien que "
            "ella designe, debe estar presente, y las personas colindantes son notificadas.",
            "A field survey of a plot with surveying equipment to establish its area, "
            "measurements and boundaries, and update the cadastre.\n\nCadastre staff visit on the "
            "agreed date; the applicant or someone they choose must be present, and neighbours "
            "are notified.",
        ),
        applicants=t(
            "Persona propietaria o poseedora del predio.", "The owner or occupier of the plot."
        ),
        cases=t(
            "Diferencias entre la superficie registrada y la real, subdivisiones, fusiones o "
            "regularización de la tenencia de la tierra."
        ),
        response_days=WorkingDays(10),
        silence=POSITIVE,
        cost_amount=Decimal("1480.00"),
        cost_basis=cfem(
            "166, fracción V",
            t(
                "Predios de hasta 1,000 m²; cada 100 m² adicionales causan una cuota adicional.",
                "Plots of up to 1,000 m²; each additional 100 m² is charged extra.",
            ),
        ),
        result=t(
            "Plano topográfico catastral firmado y registro actualizado.",
            "Signed cadastral survey plan and updated record.",
        ),
        validity=t("Un año, si el predio no cambia.", "One year, if the plot does not change."),
        legal_basis=t("Código Financiero del Estado de México y Municipios, artículos 166 y 172."),
        keywords=[
            "levantamiento",
            "topográfico",
            "medición",
            "superficie",
            "colindancias",
            "catastral",
            "plano",
        ],
        updated_on=date(2026, 4, 22),
        requirements=[
            ID,
            PROOF_OF_OWNERSHIP,
            PROPERTY_TAX_RECEIPT,
            req(
                "Croquis de localización con referencias para llegar al predio",
                "Location sketch with directions to the plot",
                copies=1,
            ),
            req(
                "Nombre y domicilio de las personas colindantes",
                "Names and addresses of neighbours",
                notes=t(
                    "Catastro les notificará la fecha de la visita.",
                    "The Cadastre Office will tell them the date of the visit.",
                ),
            ),
        ],
        request_formats=[
            form(
                "Solicitud de servicios catastrales",
                "cat-solicitud",
                "Application for cadastral services",
            ),
            form("Carta de conformidad de colindantes", "cat-colindantes"),
        ],
    ),
    dict(
        code="MET-CAT-004",
        slug="inscripcion-de-inmueble-en-el-padron-catastral",
        kind=TRAMITE,
        modality=IN_PERSON,
        name=t(
            "Inscripción de inmueble en el padrón catastral",
            "Registering a property in the cadastre",
        ),
        dependency="catastro",
        topic="predios-y-construccion",
        offices=["catastro"],
        description=t(
            "Alta en el padrón catastral municipal de un inmueble que no está "
            "registrado, para asignarle clave y valor catastral."
        ),
        applicants=t("Persona propietaria o poseedora de un inmueble no registrado."),
        cases=t(
            "Inmuebles regularizados, construcciones nuevas o predios que nunca se registraron."
        ),
        response_days=WorkingDays(10),
        silence=POSITIVE,
        result=t("Clave catastral asignada e inmueble inscrito en el padrón."),
        validity=PERMANENT,
        legal_basis=t("Código Financiero del Estado de México y Municipios, artículos 171 y 173."),
        keywords=["alta", "inscripción", "padrón catastral", "clave catastral", "regularización"],
        updated_on=date(2026, 3, 2),
        requirements=[
            ID,
            PROOF_OF_OWNERSHIP,
            req("Plano del inmueble con medidas y colindancias", copies=2),
            PROOF_OF_ADDRESS,
        ],
    ),
    dict(
        code="MET-CAT-005",
        slug="plano-manzanero",
        kind=TRAMITE,
        modality=ONLINE,
        online_url=f"{SITE}/tramites/catastro/plano-manzanero",
        name=t("Expedición de plano manzanero", "Block map"),
        dependency="catastro",
        topic="predios-y-construccion",
        offices=["catastro"],
        description=t(
            "Plano catastral certificado de la manzana donde se ubica un predio, con "
            "las claves y dimensiones de los lotes. Se solicita y se recibe en línea.",
            "Certified cadastral map of the block where a plot lies, with the keys and "
            "sizes of each lot. Requested and delivered online.",
        ),
        applicants=t("Cualquier persona.", "Anyone."),
        cases=t("Proyectos de construcción, avalúos, estudios de mercado o juicios."),
        response_days=WorkingDays(3),
        silence=POSITIVE,
        cost_amount=Decimal("235.00"),
        cost_basis=cfem("166, fracción VI"),
        result=t(
            "Plano manzanero en PDF con firma electrónica.",
            "Block map as a PDF with electronic signature.",
        ),
        validity=SIX_MONTHS,
        legal_basis=t(
            "Código Financiero del Estado de México y Municipios, artículo 166, fracción VI."
        ),
        keywords=["plano", "manzana", "manzanero", "catastral", "avalúo", "en línea"],
        updated_on=date(2026, 2, 11),
        requirements=[
            req("Clave catastral o ubicación del predio", "Cadastral key or location of the plot"),
            req("Identificación oficial escaneada", "Scanned official ID"),
        ],
    ),
    dict(
        code="MET-CAT-006",
        slug="actualizacion-de-datos-catastrales",
        kind=TRAMITE,
        modality=IN_PERSON,
        name=t(
            "Trámite de actualización de datos catastrales (cambio de propietario)",
            "Updating cadastral data (change of owner)",
        ),
        dependency="catastro",
        topic="predios-y-construccion",
        offices=["catastro"],
        description=t(
            "Cambio en el padrón catastral del nombre de la persona propietaria, del "
            "domicilio para notificaciones o de la superficie construida de un "
            "inmueble."
        ),
        applicants=t("Nueva persona propietaria, notaría pública o representante legal."),
        cases=t("Después de una compraventa, herencia, donación o ampliación de la construcción."),
        response_days=WorkingDays(5),
        silence=POSITIVE,
        result=t(
            "Padrón catastral actualizado y recibo predial a nombre de la nueva persona "
            "propietaria."
        ),
        validity=t("Permanente, hasta un nuevo cambio."),
        legal_basis=t("Código Financiero del Estado de México y Municipios, artículos 171 y 174."),
        keywords=[
            "cambio de propietario",
            "actualización",
            "catastral",
            "traslado de dominio",
            "escrituras",
        ],
        updated_on=date(2026, 5, 6),
        requirements=[
            ID,
            req(
                "Escritura pública inscrita en el Instituto de la Función Registral",
                "Public deed registered with the Property Registry",
                original=True,
                copies=1,
            ),
            req(
                "Comprobante de pago del impuesto sobre adquisición de inmuebles",
                original=True,
                copies=1,
            ),
            PROPERTY_TAX_RECEIPT,
        ],
    ),
    # Desarrollo Urbano y Obras Públicas
    dict(
        code="MET-DU-001",
        slug="licencia-de-construccion",
        kind=TRAMITE,
        modality=BOTH,
        online_url=f"{SITE}/tramites/licencia-de-construccion",
        name=t("Licencia de construcción", "Building permit"),
        dependency="desarrollo-urbano",
        topic="predios-y-construccion",
        offices=["ventanilla-urbana"],
        description=t(
            "Autorización para construir, ampliar, modificar o reparar una edificación. Incluye la "
            "revisión del proyecto arquitectónico y estructural conforme al Plan Municipal de "
            "Desarrollo Urbano.\n\nLas obras de más de 60 m² o de uso distinto al habitacional "
            "requieren además la firma de una persona directora responsable de obra.",
            "Permission to build, extend, alter or repair a building. The architectural and "
            "structural design is checked against the Municipal Urban Development Plan.\n\nWorks "
            "over 60 m² or for non-residential use also need the signature of a registered "
            "construction supervisor.",
        ),
        applicants=t(
            "Persona propietaria del predio o su representante legal.",
            "The owner of the plot or their legal representative.",
        ),
        cases=t(
            "Antes de iniciar una obra nueva, una ampliación, una modificación estructural o "
            "una barda de más de 2.5 m de altura.",
            "Before starting a new building, an extension, a structural alteration or a wall "
            "over 2.5 m high.",
        ),
        response_days=WorkingDays(10),
        silence=POSITIVE,
        cost_amount=Decimal("1850.00"),
        cost_basis=cfem(
            "144, fracción I",
            t(
                "Referencia para vivienda unifamiliar de hasta "
                "60 m²; el importe final depende de la superficie y "
                "del uso.",
                "Reference amount for a single-family home of up to "
                "60 m²; the final amount depends on area and use.",
            ),
        ),
        result=t(
            "Licencia de construcción y juego de planos sellados.",
            "Building permit and a set of stamped plans.",
        ),
        validity=t("Un año, prorrogable por otro año.", "One year, renewable for one more year."),
        legal_basis=t(
            "Código Administrativo del Estado de México, Libro Quinto, artículo 5.58; "
            "Código Financiero del Estado de México y Municipios, artículo 144."
        ),
        keywords=["licencia", "construcción", "obra", "ampliación", "barda", "planos", "permiso"],
        updated_on=date(2026, 3, 25),
        requirements=[
            APPLICATION,
            ID,
            PROOF_OF_OWNERSHIP,
            req(
                "Constancia de alineamiento y número oficial vigente",
                "Valid building line and street number certificate",
                copies=1,
            ),
            PROPERTY_TAX_RECEIPT,
            req(
                "Tres juegos de planos arquitectónicos y estructurales firmados por la persona "
                "directora responsable de obra",
                "Three sets of architectural and structural plans signed by the construction "
                "supervisor",
                original=True,
                copies=3,
            ),
        ],
        request_formats=[
            form(
                "Solicitud única de licencia de construcción",
                "du-licencia-construccion",
                "Building permit application",
            ),
            form("Memoria de cálculo estructural", "du-memoria-calculo"),
        ],
    ),
    dict(
        code="MET-DU-002",
        slug="constancia-de-alineamiento-y-numero-oficial",
        kind=TRAMITE,
        modality=IN_PERSON,
        name=t(
            "Constancia de alineamiento y número oficial",
            "Building line and official street number certificate",
        ),
        dependency="desarrollo-urbano",
        topic="predios-y-construccion",
        offices=["ventanilla-urbana"],
        description=t(
            "Documento que fija el límite del predio con la vía pública (alineamiento) "
            "y le asigna el número oficial que le corresponde.",
            "Document that sets the boundary between a plot and the street (building "
            "line) and assigns its official number.",
        ),
        applicants=t(
            "Persona propietaria o poseedora del predio.", "The owner or occupier of the plot."
        ),
        cases=t(
            "Antes de construir o bardear, para contratar servicios o para escriturar.",
            "Before building or walling, to connect utilities or to register a deed.",
        ),
        response_days=WorkingDays(5),
        silence=POSITIVE,
        cost_amount=Decimal("520.00"),
        cost_basis=cfem("144, fracción VI"),
        result=t(
            "Constancia de alineamiento y número oficial con croquis.", "Certificate with a sketch."
        ),
        validity=ONE_YEAR,
        legal_basis=t(
            "Código Administrativo del Estado de México, Libro Quinto, artículo 5.56; "
            "Código Financiero del Estado de México y Municipios, artículo 144, "
            "fracción VI."
        ),
        keywords=["alineamiento", "número oficial", "constancia", "predio", "calle"],
        updated_on=date(2026, 3, 25),
        requirements=[
            ID,
            PROOF_OF_OWNERSHIP,
            PROPERTY_TAX_RECEIPT,
            req("Croquis de localización del predio", "Location sketch", copies=1),
        ],
        request_formats=[
            form(
                "Solicitud de alineamiento y número oficial",
                "du-alineamiento",
                "Building line application",
            )
        ],
    ),
    dict(
        code="MET-DU-003",
        slug="licencia-de-uso-del-suelo",
        kind=TRAMITE,
        modality=IN_PERSON,
        name=t("Licencia de uso del suelo", "Land use permit"),
        dependency="desarrollo-urbano",
        topic="predios-y-construccion",
        offices=["ventanilla-urbana"],
        description=t(
            "Autorización que señala los usos permitidos, la densidad, la altura y el "
            "coeficiente de ocupación de un predio, conforme al Plan Municipal de "
            "Desarrollo Urbano de Metepec."
        ),
        applicants=t("Persona propietaria del predio o su representante legal."),
        cases=t(
            "Para abrir un negocio de mediano o alto impacto, construir o cambiar el uso de "
            "un inmueble."
        ),
        response_days=WorkingDays(15),
        silence=POSITIVE,
        cost_amount=Decimal("1120.00"),
        cost_basis=cfem("144, fracción III"),
        result=t("Licencia de uso del suelo."),
        validity=t(
            "Indefinida mientras no cambien el uso autorizado ni el plan de desarrollo urbano."
        ),
        legal_basis=t(
            "Código Administrativo del Estado de México, Libro Quinto, artículos 5.57 y "
            "5.59; Plan Municipal de Desarrollo Urbano de Metepec."
        ),
        keywords=["uso de suelo", "licencia", "zonificación", "negocio", "densidad"],
        updated_on=date(2026, 4, 9),
        requirements=[
            APPLICATION,
            ID,
            PROOF_OF_OWNERSHIP,
            PROPERTY_TAX_RECEIPT,
            req("Fotografías del predio y de su frente", copies=2),
        ],
        request_formats=[form("Solicitud de licencia de uso del suelo", "du-uso-suelo")],
    ),
    dict(
        code="MET-DU-004",
        slug="cedula-informativa-de-zonificacion",
        kind=TRAMITE,
        modality=ONLINE,
        online_url=f"{SITE}/tramites/cedula-de-zonificacion",
        name=t("Cédula informativa de zonificación", "Zoning information sheet"),
        dependency="desarrollo-urbano",
        topic="predios-y-construccion",
        offices=["ventanilla-urbana"],
        description=t(
            "Documento informativo que indica qué usos del suelo, alturas y "
            "restricciones aplican a un predio según el Plan Municipal de Desarrollo "
            "Urbano. No autoriza construir ni abrir un negocio.",
            "Information sheet showing which land uses, heights and restrictions apply "
            "to a plot under the Municipal Urban Development Plan. It does not "
            "authorize building or opening a business.",
        ),
        applicants=t("Cualquier persona.", "Anyone."),
        cases=t(
            "Antes de comprar un inmueble o de planear una obra o un negocio.",
            "Before buying property or planning works or a business.",
        ),
        response_days=WorkingDays(3),
        silence=POSITIVE,
        cost_amount=Decimal("350.00"),
        cost_basis=cfem("144, fracción II"),
        result=t(
            "Cédula informativa en PDF con firma electrónica.",
            "Zoning sheet as a PDF with electronic signature.",
        ),
        validity=t(
            "Informativa; refleja la normatividad vigente en la fecha de expedición.",
            "For information; it reflects the rules in force on the date of issue.",
        ),
        legal_basis=t("Código Administrativo del Estado de México, Libro Quinto, artículo 5.55."),
        keywords=["cédula", "zonificación", "uso de suelo", "informativa", "en línea"],
        updated_on=date(2026, 6, 15),
        requirements=[
            req("Clave catastral del predio", "Cadastral key of the plot"),
            req("Correo electrónico para recibir la cédula", "E-mail address to receive the sheet"),
        ],
    ),
    dict(
        code="MET-DU-005",
        slug="constancia-de-terminacion-de-obra",
        kind=TRAMITE,
        modality=IN_PERSON,
        name=t("Constancia de terminación de obra", "Certificate of completion of works"),
        dependency="desarrollo-urbano",
        topic="predios-y-construccion",
        offices=["ventanilla-urbana"],
        description=t(
            "Documento que hace constar que una obra se concluyó conforme a la licencia "
            "de construcción, después de una visita de verificación."
        ),
        applicants=t("Titular de la licencia de construcción."),
        cases=t("Al terminar la obra y antes de que venza la licencia."),
        response_days=WorkingDays(10),
        silence=POSITIVE,
        cost_amount=Decimal("450.00"),
        cost_basis=cfem("144, fracción VIII"),
        result=t("Constancia de terminación de obra."),
        validity=PERMANENT,
        legal_basis=t(
            "Código Administrativo del Estado de México, Libro Quinto; Libro Décimo "
            "Octavo, de las construcciones."
        ),
        keywords=["terminación de obra", "constancia", "construcción", "verificación"],
        updated_on=date(2026, 3, 25),
        requirements=[
            ID,
            req("Licencia de construcción", original=True, copies=1),
            req(
                "Bitácora de obra firmada por la persona directora responsable de obra",
                original=True,
            ),
            req("Fotografías de la obra terminada", copies=4),
        ],
    ),
    dict(
        code="MET-DU-006",
        slug="permiso-de-demolicion",
        kind=TRAMITE,
        modality=IN_PERSON,
        name=t("Permiso de demolición"),
        dependency="desarrollo-urbano",
        topic="predios-y-construccion",
        offices=["ventanilla-urbana"],
        description=t(
            "Autorización para demoler total o parcialmente una construcción, con las "
            "medidas de seguridad para vecinos y transeúntes."
        ),
        applicants=t("Persona propietaria del inmueble o su representante legal."),
        cases=t("Antes de demoler cualquier construcción mayor a 20 m²."),
        response_days=WorkingDays(7),
        silence=POSITIVE,
        cost_amount=Decimal("690.00"),
        cost_basis=cfem("144, fracción IV"),
        result=t("Permiso de demolición."),
        validity=t("Noventa días naturales."),
        legal_basis=t(
            "Código Administrativo del Estado de México, Libro Quinto, artículo 5.58; "
            "Libro Décimo Octavo."
        ),
        keywords=["demolición", "permiso", "construcción", "obra"],
        updated_on=date(2026, 5, 14),
        requirements=[
            ID,
            PROOF_OF_OWNERSHIP,
            PROPERTY_TAX_RECEIPT,
            req(
                "Programa de demolición y medidas de seguridad firmado por la persona "
                "directora responsable de obra",
                original=True,
                copies=1,
            ),
        ],
    ),
    # Registro Civil
    dict(
        code="MET-RC-001",
        slug="registro-de-nacimiento",
        kind=TRAMITE,
        modality=IN_PERSON,
        name=t(
            "Registro de nacimiento", "Birth registration", "Tlahkuiloliztli tlen tlakatiliztli"
        ),
        dependency="registro-civil",
        topic="registro-civil-e-identidad",
        offices=["registro-civil-01", "registro-civil-02"],
        description=t(
            "Inscripción del nacimiento de una niña o un niño en el Registro Civil. Con ella, la "
            "persona obtiene su nombre, su nacionalidad y su CURP.\n\nEl registro y la primera "
            "copia certificada del acta son gratuitos, sin importar la edad de la persona.",
            "Registration of a child's birth at the Civil Registry, which gives the person a "
            "name, a nationality and a CURP.\n\nRegistration and the first certified copy are "
            "free of charge, whatever the person's age.",
        ),
        applicants=t(
            "La madre, el padre o ambos; a falta de ellos, abuelas, abuelos o la persona "
            "que tenga la custodia.",
            "The mother, the father or both; failing them, grandparents or the legal guardian.",
        ),
        cases=t(
            "Lo antes posible después del nacimiento; el registro extemporáneo no tiene multa.",
            "As soon as possible after birth; there is no fine for late registration.",
        ),
        response_days=WorkingDays(1),
        silence=NO_SILENCE,
        cost_basis=t(
            "Gratuito conforme al artículo 4o. de la Constitución Política de los "
            "Estados Unidos Mexicanos, incluida la primera copia certificada del acta.",
            "Free under article 4 of the Mexican Constitution, including the first certified copy.",
        ),
        result=t("Acta de nacimiento certificada y CURP.", "Certified birth certificate and CURP."),
        validity=PERMANENT,
        legal_basis=t(
            "Constitución Política de los Estados Unidos Mexicanos, artículo 4o.; "
            "Código Civil del Estado de México, artículos 3.9 a 3.14; Reglamento del "
            "Registro Civil del Estado de México."
        ),
        languages=["es", "nah"],
        keywords=["nacimiento", "registro", "acta", "bebé", "CURP", "gratuito"],
        updated_on=date(2026, 1, 20),
        requirements=[
            req(
                "Certificado de nacimiento expedido por la institución de salud o la persona "
                "médica que atendió el parto",
                "Birth certificate from the hospital or doctor who attended the birth",
                original=True,
                copies=1,
            ),
            req(
                "Actas de nacimiento de la madre y del padre",
                "Parents' birth certificates",
                copies=1,
            ),
            ID,
            req(
                "Dos testigos mayores de edad con identificación oficial",
                "Two adult witnesses with official ID",
                original=True,
                copies=1,
            ),
        ],
    ),
    dict(
        code="MET-RC-002",
        slug="acta-de-nacimiento",
        kind=TRAMITE,
        modality=BOTH,
        online_url=f"{SITE}/tramites/actas",
        name=t(
            "Acta de nacimiento (copia certificada)",
            "Birth certificate (certified copy)",
            "Amatl tlen tlakatiliztli",
        ),
        dependency="registro-civil",
        topic="registro-civil-e-identidad",
        offices=["registro-civil-01", "registro-civil-02"],
        description=t(
            "Copia certificada de un acta de nacimiento registrada en el Estado de "
            "México o en otra entidad del país. La copia en línea lleva firma "
            "electrónica y vale lo mismo que la impresa.",
            "Certified copy of a birth certificate registered in the State of Mexico "
            "or elsewhere in the country. The online copy has an electronic signature "
            "and is as valid as the printed one.",
        ),
        applicants=t(
            "La persona registrada, sus familiares o cualquier persona que conozca los "
            "datos del registro.",
            "The registered person, relatives or anyone who knows the registration details.",
        ),
        cases=t(
            "Inscripción escolar, trámites de identidad, pensiones y pasaporte, entre otros.",
            "School enrolment, identity documents, pensions and passports, among others.",
        ),
        response_days=WorkingDays(1),
        silence=NO_SILENCE,
        cost_amount=Decimal("79.00"),
        cost_basis=cfem("145, fracción I"),
        result=t("Copia certificada del acta de nacimiento.", "Certified copy."),
        validity=t(
            "Permanente; algunas instituciones piden una copia reciente.",
            "Indefinite; some institutions ask for a recent copy.",
        ),
        legal_basis=t(
            "Código Civil del Estado de México, artículo 3.7; Código Financiero del "
            "Estado de México y Municipios, artículo 145."
        ),
        languages=["es", "nah"],
        keywords=["acta", "nacimiento", "copia certificada", "identidad", "CURP", "en línea"],
        updated_on=date(2026, 1, 20),
        requirements=[
            req(
                "CURP o datos del registro: nombre, fecha de nacimiento y nombres de la "
                "madre y el padre",
                "CURP or registration details: name, date of birth and parents' names",
            ),
            req("Comprobante de pago de derechos", "Proof of payment", original=True),
        ],
    ),
    dict(
        code="MET-RC-003",
        slug="matrimonio-civil",
        kind=TRAMITE,
        modality=IN_PERSON,
        name=t("Matrimonio civil", "Civil marriage"),
        dependency="registro-civil",
        topic="registro-civil-e-identidad",
        offices=["registro-civil-01", "registro-civil-02"],
        description=t(
            "Celebración e inscripción del matrimonio entre dos personas mayores de edad. La "
            "ceremonia se agenda con al menos diez días hábiles de anticipación, en la oficialía o "
            "a domicilio.\n\nAntes de la ceremonia, las personas contrayentes asisten a una "
            "plática prenupcial gratuita sobre derechos, igualdad y prevención de la violencia.",
        ),
        applicants=t("Dos personas mayores de edad que deseen contraer matrimonio."),
        response_days=WorkingDays(10),
        silence=NO_SILENCE,
        cost_amount=Decimal("640.00"),
        cost_basis=cfem(
            "145, fracción III", t("Ceremonia en la oficialía; a domicilio la cuota es distinta.")
        ),
        result=t("Acta de matrimonio certificada."),
        validity=PERMANENT,
        legal_basis=t("Código Civil del Estado de México, artículos 3.16 a 3.22 y 4.1 a 4.16."),
        keywords=["matrimonio", "boda", "casarse", "acta", "civil"],
        updated_on=date(2026, 2, 26),
        requirements=[
            req("Solicitud de matrimonio firmada por ambas personas", original=True),
            req("Actas de nacimiento de ambas personas", original=True, copies=1),
            ID,
            CURP,
            req("Certificado médico prenupcial con no más de 15 días de antigüedad", original=True),
            req("Constancia de asistencia a la plática prenupcial", original=True),
        ],
        request_formats=[form("Solicitud de matrimonio", "rc-matrimonio", "Marriage application")],
    ),
    dict(
        code="MET-RC-004",
        slug="registro-de-defuncion",
        kind=TRAMITE,
        modality=IN_PERSON,
        name=t("Registro de defunción", "Death registration"),
        dependency="registro-civil",
        topic="registro-civil-e-identidad",
        offices=["registro-civil-01", "registro-civil-02"],
        description=t(
            "Inscripción del fallecimiento de una persona, necesaria para la "
            "inhumación o cremación y para trámites de herencia y pensión.",
            "Registration of a death, needed for burial or cremation and for "
            "inheritance and pension procedures.",
        ),
        applicants=t(
            "Familiares de la persona fallecida o la agencia funeraria autorizada.",
            "Relatives of the deceased or an authorized funeral home.",
        ),
        cases=t(
            "Dentro de las 48 horas siguientes al fallecimiento.", "Within 48 hours of the death."
        ),
        response_days=WorkingDays(1),
        silence=NO_SILENCE,
        cost_amount=Decimal("135.00"),
        cost_basis=cfem("145, fracción V"),
        result=t(
            "Acta de defunción certificada y orden de inhumación o cremación.",
            "Certified death certificate and burial or cremation order.",
        ),
        validity=PERMANENT,
        legal_basis=t("Código Civil del Estado de México, artículos 3.29 a 3.34."),
        keywords=["defunción", "fallecimiento", "acta", "inhumación", "cremación"],
        updated_on=date(2026, 2, 26),
        requirements=[
            req(
                "Certificado de defunción", "Medical certificate of death", original=True, copies=1
            ),
            req(
                "Identificación oficial de la persona fallecida, si la tenía",
                "ID of the deceased, if any",
                copies=1,
            ),
            req(
                "Identificación oficial de la persona declarante y de dos testigos",
                "ID of the informant and two witnesses",
                original=True,
                copies=1,
            ),
        ],
    ),
    dict(
        code="MET-RC-005",
        slug="divorcio-administrativo",
        kind=TRAMITE,
        modality=IN_PERSON,
        name=t("Divorcio administrativo", "Administrative divorce"),
        dependency="registro-civil",
        topic="registro-civil-e-identidad",
        offices=["registro-civil-01"],
        description=t(
            "Disolución del matrimonio ante la persona oficial del Registro Civil cuando "
            "ambas personas están de acuerdo, no tienen hijas ni hijos menores de edad o "
            "con discapacidad, y ya liquidaron la sociedad conyugal."
        ),
        applicants=t("Ambas personas cónyuges, de común acuerdo."),
        cases=t(
            "Cuando se cumplen los supuestos del Código Civil; si no, el divorcio es judicial."
        ),
        response_days=WorkingDays(15),
        silence=NEGATIVE,
        cost_amount=Decimal("1790.00"),
        cost_basis=cfem("145, fracción VII"),
        result=t("Acta de divorcio y anotación en el acta de matrimonio."),
        validity=PERMANENT,
        legal_basis=t("Código Civil del Estado de México, artículos 4.105 a 4.110."),
        keywords=["divorcio", "administrativo", "separación", "acta"],
        updated_on=date(2026, 2, 26),
        requirements=[
            req("Acta de matrimonio certificada", original=True, copies=1),
            ID,
            req(
                "Convenio de liquidación de la sociedad conyugal, si se casaron bajo ese régimen",
                original=True,
                copies=1,
            ),
        ],
        request_formats=[form("Solicitud de divorcio administrativo", "rc-divorcio")],
    ),
    dict(
        code="MET-RC-006",
        slug="reconocimiento-de-hijas-e-hijos",
        kind=TRAMITE,
        modality=IN_PERSON,
        name=t("Reconocimiento de hijas e hijos", "Acknowledgement of children"),
        dependency="registro-civil",
        topic="registro-civil-e-identidad",
        offices=["registro-civil-01", "registro-civil-02"],
        description=t(
            "Inscripción del reconocimiento que hace la madre o el padre de una hija o "
            "un hijo registrado antes sin sus datos, para que conste la filiación."
        ),
        applicants=t(
            "La madre o el padre que reconoce; si la persona reconocida es mayor de "
            "edad, se requiere su consentimiento."
        ),
        cases=t("Cuando uno de los progenitores no participó en el registro de nacimiento."),
        response_days=WorkingDays(1),
        silence=NO_SILENCE,
        result=t("Acta de reconocimiento y nueva acta de nacimiento."),
        validity=PERMANENT,
        legal_basis=t("Código Civil del Estado de México, artículos 3.15 y 4.162 a 4.174."),
        keywords=["reconocimiento", "hijos", "paternidad", "filiación", "acta"],
        updated_on=date(2026, 2, 26),
        requirements=[
            req("Acta de nacimiento de la persona reconocida", original=True, copies=1),
            ID,
            req(
                "Consentimiento por escrito de la persona reconocida mayor de edad o de quien "
                "ejerza la patria potestad",
                original=True,
            ),
            req("Dos testigos mayores de edad con identificación oficial", original=True, copies=1),
        ],
    ),
    dict(
        code="MET-RC-007",
        slug="constancia-de-inexistencia-de-registro",
        kind=TRAMITE,
        modality=IN_PERSON,
        name=t("Constancia de inexistencia de registro"),
        dependency="registro-civil",
        topic="registro-civil-e-identidad",
        offices=["registro-civil-01"],
        description=t(
            "Documento que hace constar que en los libros de la oficialía no existe el "
            "registro de un nacimiento, matrimonio o defunción de una persona."
        ),
        applicants=t("La persona interesada o sus familiares."),
        cases=t("Registro de nacimiento extemporáneo o trámites migratorios o judiciales."),
        response_days=WorkingDays(5),
        silence=POSITIVE,
        cost_amount=Decimal("92.00"),
        cost_basis=cfem("145, fracción IX"),
        result=t("Constancia de inexistencia."),
        validity=SIX_MONTHS,
        legal_basis=t("Reglamento del Registro Civil del Estado de México, artículo 62."),
        keywords=["inexistencia", "constancia", "registro extemporáneo", "acta"],
        updated_on=date(2026, 2, 26),
        requirements=[
            ID,
            CURP,
            req("Datos del acto que se busca: nombre, fecha y lugar aproximados"),
        ],
    ),
    # Secretaría del Ayuntamiento
    dict(
        code="MET-SA-001",
        slug="constancia-de-vecindad",
        kind=TRAMITE,
        modality=IN_PERSON,
        name=t("Constancia de vecindad", "Certificate of residence", "Amatl tlen nochan"),
        dependency="secretaria-del-ayuntamiento",
        topic="registro-civil-e-identidad",
        offices=["secretaria"],
        description=t(
            "Documento que hace constar que una persona vive en Metepec y desde cuándo.",
            "Document certifying that a person lives in Metepec, and since when.",
        ),
        applicants=t(
            "Personas mayores de edad con al menos seis meses de residencia en Metepec.",
            "Adults who have lived in Metepec for at least six months.",
        ),
        cases=t(
            "Trámites escolares, laborales, de programas sociales o ante otras autoridades.",
            "School, work, social programme or other official procedures.",
        ),
        response_days=WorkingDays(2),
        silence=POSITIVE,
        cost_amount=Decimal("98.00"),
        cost_basis=cfem("150, fracción I"),
        result=t(
            "Constancia de vecindad firmada por la persona titular de la Secretaría del "
            "Ayuntamiento.",
            "Certificate signed by the Town Council Secretary.",
        ),
        validity=SIX_MONTHS,
        legal_basis=t(
            "Ley Orgánica Municipal del Estado de México, artículo 91, fracción X; "
            "Bando Municipal de Metepec 2026, artículos 18 y 19."
        ),
        languages=["es", "nah"],
        keywords=["constancia", "vecindad", "residencia", "domicilio", "comprobante"],
        updated_on=date(2026, 1, 14),
        requirements=[
            ID,
            PROOF_OF_ADDRESS,
            PHOTOS,
            req(
                "Constancia de la autoridad auxiliar (delegación o COPACI) de su localidad",
                "Letter from your local auxiliary authority (delegación or COPACI)",
                original=True,
            ),
        ],
        request_formats=[
            form("Solicitud de constancias", "sa-constancias", "Application for certificates")
        ],
    ),
    dict(
        code="MET-SA-002",
        slug="constancia-de-identidad",
        kind=TRAMITE,
        modality=IN_PERSON,
        name=t("Constancia de identidad", "Certificate of identity"),
        dependency="secretaria-del-ayuntamiento",
        topic="registro-civil-e-identidad",
        offices=["secretaria"],
        description=t(
            "Documento con fotografía que hace constar la identidad de una persona que "
            "no cuenta con identificación oficial, avalado por dos testigos."
        ),
        applicants=t(
            "Personas que viven en Metepec y no tienen identificación oficial vigente, "
            "incluidas personas menores de edad acompañadas."
        ),
        cases=t("Trámites que exigen identificación cuando la persona no la tiene."),
        response_days=WorkingDays(2),
        silence=POSITIVE,
        cost_amount=Decimal("98.00"),
        cost_basis=cfem("150, fracción I"),
        result=t("Constancia de identidad con fotografía."),
        validity=SIX_MONTHS,
        legal_basis=t("Ley Orgánica Municipal del Estado de México, artículo 91, fracción X."),
        keywords=["constancia", "identidad", "identificación", "fotografía"],
        updated_on=date(2026, 1, 14),
        requirements=[
            req("Acta de nacimiento", "Birth certificate", original=True, copies=1),
            CURP,
            PROOF_OF_ADDRESS,
            PHOTOS,
            req(
                "Dos testigos con identificación oficial que vivan en Metepec",
                original=True,
                copies=1,
            ),
        ],
        request_formats=[
            form("Solicitud de constancias", "sa-constancias", "Application for certificates")
        ],
    ),
    dict(
        code="MET-SA-003",
        slug="cartilla-del-servicio-militar-nacional",
        kind=TRAMITE,
        modality=IN_PERSON,
        name=t(
            "Trámite de la Cartilla del Servicio Militar Nacional", "National Military Service card"
        ),
        dependency="secretaria-del-ayuntamiento",
        topic="registro-civil-e-identidad",
        offices=["secretaria"],
        description=t(
            "Inscripción para obtener la cartilla de identidad del Servicio Militar "
            "Nacional. La Junta Municipal de Reclutamiento recibe solicitudes del 2 de "
            "enero al 15 de octubre.",
            "Registration for the National Military Service identity card. The "
            "Municipal Recruitment Board takes applications from 2 January to "
            "15 October.",
        ),
        applicants=t(
            "Hombres de 18 años y remisos hasta los 39 años; mujeres voluntarias de 18 a 39 años.",
            "Men aged 18, and late registrants up to 39; women volunteers aged 18 to 39.",
        ),
        cases=t("Al cumplir 18 años o si no se tramitó a tiempo."),
        response_days=WorkingDays(20),
        silence=NO_SILENCE,
        result=t("Cartilla de identidad del Servicio Militar Nacional."),
        validity=t("Permanente; se libera al concluir el servicio."),
        legal_basis=t(
            "Ley del Servicio Militar, artículos 10 y 14; Reglamento de la Ley del "
            "Servicio Militar, artículo 38."
        ),
        keywords=["cartilla", "servicio militar", "reclutamiento", "SMN", "precartilla"],
        updated_on=date(2026, 1, 2),
        requirements=[
            req("Acta de nacimiento", "Birth certificate", original=True, copies=1),
            CURP,
            PROOF_OF_ADDRESS,
            req("Comprobante del último grado de estudios", original=True, copies=1),
            req(
                "Cuatro fotografías de 35 × 45 mm, de frente, sin lentes ni gorra",
                "Four 35 × 45 mm photographs, facing forward, without glasses or cap",
                copies=4,
            ),
        ],
    ),
    dict(
        code="MET-SA-004",
        slug="certificacion-de-documentos-municipales",
        kind=TRAMITE,
        modality=IN_PERSON,
        name=t("Certificación de documentos municipales"),
        dependency="secretaria-del-ayuntamiento",
        topic="atencion-ciudadana",
        offices=["secretaria"],
        description=t(
            "Certificación de copias de documentos que obran en los archivos del "
            "Ayuntamiento, como actas de cabildo, licencias o constancias expedidas "
            "antes."
        ),
        applicants=t("Personas titulares de los documentos o con interés legítimo."),
        cases=t("Cuando se necesita una copia con validez oficial de un documento municipal."),
        response_days=WorkingDays(3),
        silence=POSITIVE,
        cost_amount=Decimal("62.00"),
        cost_basis=cfem("150, fracción II", t("Por hoja.", "Per page.")),
        result=t("Copias certificadas."),
        legal_basis=t("Ley Orgánica Municipal del Estado de México, artículo 91, fracción X."),
        keywords=["certificación", "copias certificadas", "documentos", "archivo", "cabildo"],
        updated_on=date(2026, 4, 1),
        requirements=[
            APPLICATION,
            ID,
            req("Datos del documento: tipo, fecha y número, si los conoce"),
        ],
    ),
    # Igualdad de Género (seed 001)
    dict(
        code="MET-DIG-001",
        slug="asesoria-y-orientacion-juridica",
        kind=SERVICIO,
        modality=BOTH,
        online_url=f"{SITE}/citas/asesoria-juridica",
        name=t(
            "Asesoría y orientación jurídica",
            "Legal advice and guidance",
            "Tlanonotsaliztli tlen tenawatilli",
        ),
        dependency="igualdad-de-genero",
        topic="igualdad-y-derechos-de-las-mujeres",
        offices=["centro-mujeres"],
        description=t(
            "Asesoría gratuita y confidencial, con perspectiva de género, en materia familiar, "
            "civil, laboral y penal: pensión alimenticia, guarda y custodia, divorcio, violencia "
            "familiar o despido, entre otros temas. La abogada o el abogado le explica sus "
            "opciones, los pasos y los documentos necesarios y, si hace falta, le canaliza a la "
            "instancia competente.\n\nLa atención es presencial en el Centro de Atención Integral "
            "para las Mujeres o por videollamada con cita.",
            "Free and confidential legal advice with a gender perspective on family, civil, "
            "labour and criminal matters: child support, custody, divorce, domestic violence or "
            "dismissal, among others. The lawyer explains your options, the steps and the "
            "documents you need and, if necessary, refers you to the competent authority.\n\n"
            "Advice is given in person at the Women's Comprehensive Care Centre or by video call "
            "with an appointment.",
        ),
        applicants=t(
            "Mujeres y hombres que vivan, trabajen o estudien en Metepec; las mujeres en "
            "situación de violencia son atendidas con prioridad.",
            "Women and men who live, work or study in Metepec; women facing violence "
            "are seen first.",
        ),
        cases=t(
            "Cuando necesite conocer sus derechos o cómo iniciar un procedimiento legal.",
            "Whenever you need to know your rights or how to start legal proceedings.",
        ),
        response_days=WorkingDays(3),
        silence=NO_SILENCE,
        result=t(
            "Orientación jurídica y, si se requiere, ficha de canalización a la Defensoría "
            "Pública, al Ministerio Público o a otra institución.",
            "Legal guidance and, if needed, a referral to the Public Defender, the Public "
            "Prosecutor or another institution.",
        ),
        legal_basis=t(
            "Ley de Acceso de las Mujeres a una Vida Libre de Violencia del Estado de "
            "México, artículos 49 y 52; Ley de Igualdad de Trato y Oportunidades entre "
            "Mujeres y Hombres del Estado de México."
        ),
        languages=["es", "nah", "lsm"],
        keywords=[
            "asesoría",
            "jurídica",
            "abogada",
            "pensión alimenticia",
            "divorcio",
            "violencia",
            "mujeres",
            "gratuita",
        ],
        updated_on=date(2026, 2, 9),
        requirements=[
            req(
                "Identificación oficial, si la tiene (no es indispensable para recibir asesoría)",
                "Official ID if you have one (not required to receive advice)",
                original=True,
            ),
            req(
                "Documentos relacionados con su caso, si los tiene (actas, resoluciones, "
                "citatorios)",
                "Any documents about your case (certificates, rulings, summonses)",
                copies=1,
            ),
        ],
    ),
    dict(
        code="MET-DIG-002",
        slug="terapia-psicologica",
        kind=SERVICIO,
        modality=IN_PERSON,
        name=t("Terapia psicológica", "Psychological therapy", "Yolpahtiliztli"),
        dependency="igualdad-de-genero",
        topic="igualdad-y-derechos-de-las-mujeres",
        offices=["centro-mujeres"],
        description=t(
            "Atención psicológica individual, gratuita y confidencial, con enfoque de género, para "
            "personas que viven violencia, duelo, ansiedad, depresión u otras situaciones que "
            "afectan su bienestar emocional. El proceso consta de hasta doce sesiones semanales "
            "de 50 minutos.\n\nLa primera sesión es de valoración: en ella la psicóloga o el "
            "psicólogo acuerda con usted los objetivos y la frecuencia de las sesiones.",
            "Free, confidential individual psychological care with a gender perspective for "
            "people experiencing violence, grief, anxiety, depression or other situations that "
            "affect their emotional wellbeing. Therapy consists of up to twelve weekly 50-minute "
            "sessions.\n\nThe first session is an assessment, where the psychologist agrees with "
            "you on goals and frequency.",
        ),
        applicants=t(
            "Mujeres, hombres y adolescentes desde los 12 años (acompañados por una "
            "persona adulta responsable) que vivan o trabajen en Metepec.",
            "Women, men and teenagers from age 12 (with a responsible adult) who live "
            "or work in Metepec.",
        ),
        cases=t(
            "Cuando una situación emocional afecta su vida diaria, o después de vivir violencia."
        ),
        response_days=WorkingDays(5),
        silence=NO_SILENCE,
        result=t(
            "Proceso terapéutico y, al concluir, nota de alta; si se requiere, canalización "
            "a atención psiquiátrica."
        ),
        legal_basis=t(
            "Ley de Acceso de las Mujeres a una Vida Libre de Violencia del Estado de "
            "México, artículo 52, fracción II; Ley General de Salud, artículos 72 a 74."
        ),
        languages=["es", "nah"],
        keywords=[
            "terapia",
            "psicológica",
            "psicólogo",
            "ansiedad",
            "depresión",
            "violencia",
            "salud mental",
            "gratuita",
        ],
        updated_on=date(2026, 2, 9),
        requirements=[
            ID,
            CURP,
            req(
                "Para menores de edad: identificación de la madre, el padre o la persona tutora, "
                "y acta de nacimiento de la persona menor",
                "For minors: ID of the parent or guardian and the minor's birth certificate",
                original=True,
                copies=1,
            ),
        ],
        request_formats=[form("Ficha de primera vez", "dig-ficha-terapia", "First-visit form")],
    ),
    dict(
        code="MET-DIG-003",
        slug="taller-de-autoempleo",
        kind=SERVICIO,
        modality=IN_PERSON,
        name=t(
            "Taller de autoempleo (clase-taller)",
            "Self-employment workshop",
            "Tlamachtiliztli ika tekitl",
        ),
        dependency="igualdad-de-genero",
        topic="igualdad-y-derechos-de-las-mujeres",
        offices=["centro-mujeres"],
        description=t(
            "Clases-taller gratuitas de oficios y habilidades para generar ingresos propios: "
            "repostería, estética, bisutería, corte y confección, serigrafía y finanzas para "
            "pequeños negocios. Cada taller dura de 8 a 12 semanas, con dos sesiones de dos horas "
            "por semana.\n\nAl terminar, las personas participantes reciben una constancia y "
            "orientación para acceder a microcréditos y a la bolsa de trabajo municipal.",
        ),
        applicants=t(
            "Mujeres y hombres mayores de 15 años que vivan en Metepec, con prioridad "
            "para mujeres jefas de familia."
        ),
        cases=t("En los periodos de inscripción de enero, mayo y septiembre."),
        response_days=WorkingDays(5),
        silence=NO_SILENCE,
        result=t(
            "Constancia de participación con valor curricular al cubrir el 80 % de asistencia."
        ),
        legal_basis=t(
            "Ley de Igualdad de Trato y Oportunidades entre Mujeres y Hombres del "
            "Estado de México, artículos 29 y 30; Programa Municipal para la Igualdad "
            "entre Mujeres y Hombres 2025-2027."
        ),
        languages=["es", "nah"],
        keywords=[
            "taller",
            "autoempleo",
            "capacitación",
            "oficio",
            "repostería",
            "emprender",
            "mujeres",
            "gratuito",
        ],
        updated_on=date(2026, 4, 27),
        requirements=[
            ID,
            CURP,
            PROOF_OF_ADDRESS,
            req("Una fotografía tamaño infantil", "One passport-size photograph", copies=1),
        ],
        request_formats=[
            form(
                "Cédula de inscripción a talleres",
                "dig-inscripcion-taller",
                "Workshop enrolment form",
            )
        ],
    ),
    dict(
        code="MET-DIG-004",
        slug="platicas-de-prevencion-de-la-violencia-de-genero",
        kind=SERVICIO,
        modality=IN_PERSON,
        name=t(
            "Pláticas de prevención de la violencia de género",
            "Talks on preventing gender-based violence",
        ),
        dependency="igualdad-de-genero",
        topic="igualdad-y-derechos-de-las-mujeres",
        offices=["centro-mujeres"],
        description=t(
            "Pláticas y talleres de sensibilización sobre igualdad, masculinidades, "
            "noviazgo sin violencia y acoso, sin costo para escuelas, empresas y "
            "organizaciones del municipio."
        ),
        applicants=t("Escuelas, empresas, organizaciones civiles y grupos vecinales de Metepec."),
        cases=t("Con al menos diez días hábiles de anticipación a la fecha deseada."),
        response_days=WorkingDays(10),
        silence=NO_SILENCE,
        result=t(
            "Plática o taller en la fecha acordada, con material de apoyo y constancia para "
            "la institución."
        ),
        legal_basis=t(
            "Ley de Acceso de las Mujeres a una Vida Libre de Violencia del Estado de "
            "México, artículo 40."
        ),
        keywords=[
            "pláticas",
            "prevención",
            "violencia",
            "noviazgo",
            "acoso",
            "escuelas",
            "igualdad",
        ],
        updated_on=date(2026, 3, 9),
        requirements=[
            req(
                "Oficio de solicitud con fecha, horario, lugar y número de asistentes",
                original=True,
                copies=1,
            ),
            req("Datos de una persona de contacto"),
        ],
        request_formats=[form("Solicitud de pláticas y talleres", "dig-platicas")],
    ),
    dict(
        code="MET-DIG-005",
        slug="acompanamiento-a-mujeres-en-situacion-de-violencia",
        kind=SERVICIO,
        modality=IN_PERSON,
        name=t(
            "Acompañamiento a mujeres en situación de violencia",
            "Support for women facing violence",
        ),
        dependency="igualdad-de-genero",
        topic="igualdad-y-derechos-de-las-mujeres",
        offices=["centro-mujeres"],
        description=t(
            "Una abogada y una psicóloga le acompañan a presentar una denuncia, solicitar órdenes "
            "de protección o acudir a audiencias; incluye valoración de riesgo y, si es necesario, "
            "canalización a un refugio.\n\nSi está en peligro inmediato, llame al 911.",
            "A lawyer and a psychologist go with you to report a crime, apply for protection "
            "orders or attend hearings; includes a risk assessment and, if needed, referral to a "
            "shelter.\n\nIf you are in immediate danger, call 911.",
        ),
        applicants=t(
            "Mujeres, adolescentes y niñas que viven o transitan por Metepec.",
            "Women and girls who live in or are passing through Metepec.",
        ),
        cases=t(
            "Cuando vive o ha vivido cualquier tipo de violencia.",
            "When you face or have faced any kind of violence.",
        ),
        response_days=WorkingDays(1),
        silence=NO_SILENCE,
        result=t(
            "Acompañamiento presencial, plan de seguridad y seguimiento del caso.",
            "Accompaniment, a safety plan and follow-up of your case.",
        ),
        legal_basis=t(
            "Ley General de Acceso de las Mujeres a una Vida Libre de Violencia; Ley de "
            "Acceso de las Mujeres a una Vida Libre de Violencia del Estado de México, "
            "artículos 29 a 31 y 52."
        ),
        languages=["es", "nah", "lsm"],
        keywords=[
            "violencia",
            "acompañamiento",
            "denuncia",
            "orden de protección",
            "mujeres",
            "refugio",
        ],
        updated_on=date(2026, 3, 9),
        requirements=[
            req(
                "Ninguno es obligatorio; si los tiene, traiga su identificación y los documentos "
                "de su caso",
                "Nothing is required; bring your ID and case documents if you have them",
            ),
            req(
                "Un medio de contacto seguro (teléfono o persona de confianza)",
                "A safe way to contact you (phone or trusted person)",
            ),
        ],
    ),
    # DIF
    dict(
        code="MET-DIF-001",
        slug="terapia-de-rehabilitacion-fisica",
        kind=SERVICIO,
        modality=IN_PERSON,
        name=t("Terapia de rehabilitación física", "Physical rehabilitation therapy"),
        dependency="dif",
        topic="familia-y-salud",
        offices=["rehabilitacion"],
        description=t(
            "Sesiones de terapia física, ocupacional y de lenguaje para personas con "
            "discapacidad temporal o permanente, con valoración médica previa. Cada "
            "sesión dura 40 minutos.",
            "Physical, occupational and speech therapy for people with temporary or "
            "permanent disabilities, after a medical assessment. Each session lasts "
            "40 minutes.",
        ),
        applicants=t(
            "Personas de cualquier edad con referencia médica de rehabilitación.",
            "People of any age with a medical referral for rehabilitation.",
        ),
        cases=t(
            "Después de una lesión, una cirugía o un evento vascular cerebral, o ante una "
            "discapacidad."
        ),
        response_days=WorkingDays(5),
        silence=NO_SILENCE,
        cost_amount=Decimal("65.00"),
        cost_basis=DIF_FEES,
        result=t(
            "Plan de rehabilitación y sesiones de terapia.",
            "A rehabilitation plan and therapy sessions.",
        ),
        validity=t("Mientras dure el plan de rehabilitación."),
        legal_basis=t(
            "Ley de Asistencia Social del Estado de México y Municipios, artículo 12; "
            "Ley para la Inclusión de las Personas con Discapacidad del Estado de "
            "México."
        ),
        languages=["es", "lsm"],
        keywords=["rehabilitación", "terapia física", "discapacidad", "lenguaje", "UBRIS", "DIF"],
        updated_on=date(2026, 3, 30),
        requirements=[
            req(
                "Referencia o diagnóstico médico reciente",
                "Recent medical referral or diagnosis",
                original=True,
                copies=1,
            ),
            ID,
            CURP,
            PROOF_OF_ADDRESS,
        ],
    ),
    dict(
        code="MET-DIF-002",
        slug="consulta-psicologica-familiar",
        kind=SERVICIO,
        modality=IN_PERSON,
        name=t("Consulta psicológica familiar", "Family counselling"),
        dependency="dif",
        topic="familia-y-salud",
        offices=["dif-sede"],
        description=t(
            "Atención psicológica para niñas, niños, adolescentes, parejas y familias, "
            "para mejorar la convivencia y resolver conflictos."
        ),
        applicants=t("Familias que viven en Metepec."),
        cases=t(
            "Problemas de conducta o de aprendizaje, comunicación familiar, duelo o separación."
        ),
        response_days=WorkingDays(5),
        silence=NO_SILENCE,
        cost_amount=Decimal("50.00"),
        cost_basis=DIF_FEES,
        result=t("Sesiones de orientación o terapia y, en su caso, canalización."),
        legal_basis=t("Ley de Asistencia Social del Estado de México y Municipios, artículo 12."),
        keywords=["psicología", "familia", "terapia", "niños", "adolescentes", "DIF"],
        updated_on=date(2026, 3, 30),
        requirements=[
            ID,
            CURP,
            req("Acta de nacimiento de la niña, el niño o adolescente", copies=1),
        ],
    ),
    dict(
        code="MET-DIF-003",
        slug="asesoria-juridica-familiar",
        kind=SERVICIO,
        modality=IN_PERSON,
        name=t("Asesoría jurídica familiar"),
        dependency="dif",
        topic="familia-y-salud",
        offices=["dif-sede"],
        description=t(
            "Orientación legal gratuita sobre pensión alimenticia, guarda y custodia, "
            "convivencias, adopción y rectificación de actas, y representación en "
            "juicios familiares para personas sin recursos."
        ),
        applicants=t(
            "Personas que viven en Metepec; la representación en juicio se otorga previo "
            "estudio socioeconómico."
        ),
        response_days=WorkingDays(3),
        silence=NO_SILENCE,
        result=t("Asesoría y, en su caso, representación en juicio."),
        legal_basis=t(
            "Ley de Asistencia Social del Estado de México y Municipios; Código de "
            "Procedimientos Civiles del Estado de México."
        ),
        keywords=["asesoría", "jurídica", "pensión alimenticia", "custodia", "DIF", "familia"],
        updated_on=date(2026, 5, 19),
        requirements=[
            ID,
            req("Actas de nacimiento o de matrimonio relacionadas con el caso", copies=1),
            PROOF_OF_ADDRESS,
        ],
    ),
    dict(
        code="MET-DIF-004",
        slug="credencial-nacional-para-personas-con-discapacidad",
        kind=TRAMITE,
        modality=IN_PERSON,
        name=t("Credencial Nacional para Personas con Discapacidad", "National disability card"),
        dependency="dif",
        topic="familia-y-salud",
        offices=["rehabilitacion"],
        description=t(
            "Trámite de la credencial que identifica a las personas con discapacidad "
            "permanente y les da acceso a descuentos y programas.",
            "Application for the card that identifies people with a permanent "
            "disability and gives access to discounts and programmes.",
        ),
        applicants=t(
            "Personas con discapacidad permanente que vivan en Metepec, o su persona tutora.",
            "People with a permanent disability who live in Metepec, or their guardian.",
        ),
        response_days=WorkingDays(20),
        silence=NEGATIVE,
        result=t("Credencial Nacional para Personas con Discapacidad.", "The national card."),
        validity=t("Cinco años.", "Five years."),
        legal_basis=t(
            "Ley General para la Inclusión de las Personas con Discapacidad, artículo 10."
        ),
        languages=["es", "lsm"],
        keywords=["credencial", "discapacidad", "DIF", "descuento"],
        updated_on=date(2026, 4, 13),
        requirements=[
            req(
                "Certificado de discapacidad expedido por una institución pública de salud",
                "Disability certificate from a public health institution",
                original=True,
                copies=1,
            ),
            ID,
            CURP,
            PROOF_OF_ADDRESS,
            req(
                "Una fotografía tamaño infantil a color",
                "One colour passport-size photograph",
                copies=1,
            ),
        ],
    ),
    dict(
        code="MET-DIF-005",
        slug="desayunos-escolares",
        kind=TRAMITE,
        modality=IN_PERSON,
        name=t(
            "Inscripción al programa de desayunos escolares", "School breakfast programme enrolment"
        ),
        dependency="dif",
        topic="familia-y-salud",
        offices=["dif-sede"],
        description=t(
            "Las escuelas públicas de preescolar y primaria solicitan su inscripción al "
            "programa; el DIF valora el estado de nutrición de las niñas y los niños y "
            "entrega raciones diarias de desayuno."
        ),
        applicants=t(
            "Directoras y directores de escuelas públicas de preescolar y primaria de Metepec."
        ),
        cases=t("Al inicio del ciclo escolar, en agosto y septiembre."),
        response_days=WorkingDays(15),
        silence=NO_SILENCE,
        result=t("Escuela inscrita en el padrón y entrega diaria de desayunos."),
        validity=t("El ciclo escolar."),
        legal_basis=t(
            "Ley de Asistencia Social del Estado de México y Municipios; Reglas de "
            "Operación del Programa de Desayunos Escolares 2026."
        ),
        keywords=["desayunos", "escolares", "alimentación", "nutrición", "escuela", "DIF"],
        updated_on=date(2026, 7, 28),
        requirements=[
            req("Oficio de solicitud de la dirección escolar", original=True, copies=1),
            req("Lista de alumnas y alumnos con CURP, peso y talla", copies=1),
            req(
                "Acta de integración del comité de madres y padres de familia",
                original=True,
                copies=1,
            ),
        ],
    ),
    dict(
        code="MET-DIF-006",
        slug="consulta-medica-general",
        kind=SERVICIO,
        modality=IN_PERSON,
        name=t("Consulta médica general", "General medical consultation"),
        dependency="dif",
        topic="familia-y-salud",
        offices=["dif-sede"],
        description=t(
            "Consulta médica de primer nivel con toma de signos vitales, diagnóstico, "
            "receta y, si se requiere, referencia a un hospital.",
            "Primary-care consultation with vital signs, diagnosis, prescription and, "
            "if needed, hospital referral.",
        ),
        applicants=t(
            "Cualquier persona; sin costo para personas adultas mayores con credencial "
            "del INAPAM y para personas con discapacidad.",
            "Anyone; free for older adults with an INAPAM card and for people with disabilities.",
        ),
        cases=t("Enfermedades comunes, control de peso y presión arterial, certificados médicos."),
        response_days=WorkingDays(1),
        silence=NO_SILENCE,
        cost_amount=Decimal("40.00"),
        cost_basis=DIF_FEES,
        result=t(
            "Consulta, receta y, en su caso, referencia.",
            "Consultation, prescription and referral if needed.",
        ),
        legal_basis=t(
            "Ley de Asistencia Social del Estado de México y Municipios; Ley General de "
            "Salud, artículo 33."
        ),
        keywords=["consulta", "médica", "médico", "doctor", "salud", "DIF", "certificado médico"],
        updated_on=date(2026, 5, 19),
        requirements=[
            ID,
            CURP,
            req(
                "Carnet de citas, si ya es paciente",
                "Appointment card, if you are already a patient",
                original=True,
            ),
        ],
    ),
    # Protección Civil y Bomberos
    dict(
        code="MET-PC-001",
        slug="dictamen-de-proteccion-civil-para-establecimientos",
        kind=TRAMITE,
        modality=IN_PERSON,
        name=t(
            "Dictamen de protección civil para establecimientos",
            "Civil protection assessment for businesses",
        ),
        dependency="proteccion-civil",
        topic="proteccion-civil",
        offices=["bomberos"],
        description=t(
            "Inspección del establecimiento y dictamen sobre sus medidas de seguridad: "
            "extintores, señalización, rutas de evacuación e instalaciones eléctrica y "
            "de gas. Es requisito para la licencia de funcionamiento de los giros de "
            "mediano y alto riesgo.",
            "Inspection of the premises and assessment of its safety measures: "
            "extinguishers, signs, evacuation routes, electrical and gas installations. "
            "Required for the operating licence of medium- and high-risk businesses.",
        ),
        applicants=t(
            "Personas físicas o morales titulares de un establecimiento en Metepec.",
            "Individuals or companies running a business in Metepec.",
        ),
        cases=t(
            "Antes de abrir el negocio y cada año para renovarlo.",
            "Before opening and every year to renew it.",
        ),
        response_days=WorkingDays(10),
        silence=POSITIVE,
        cost_amount=Decimal("920.00"),
        cost_basis=cfem(
            "154, fracción I", t("Establecimientos de mediano riesgo.", "Medium-risk businesses.")
        ),
        result=t(
            "Dictamen favorable o lista de observaciones que deben corregirse.",
            "A favourable assessment or a list of issues to fix.",
        ),
        validity=t("Un año.", "One year."),
        legal_basis=t(
            "Ley General de Protección Civil; Código Administrativo del Estado de "
            "México, Libro Sexto, artículos 6.17 y 6.18; Reglamento Municipal de "
            "Protección Civil de Metepec."
        ),
        keywords=[
            "dictamen",
            "protección civil",
            "negocio",
            "establecimiento",
            "extintores",
            "licencia",
        ],
        updated_on=date(2026, 6, 3),
        requirements=[
            APPLICATION,
            ID,
            req("Licencia de uso del suelo o cédula informativa de zonificación", copies=1),
            req("Comprobante vigente de recarga de extintores", original=True, copies=1),
            req("Dictamen de la instalación de gas, si la hay", copies=1),
        ],
        request_formats=[
            form(
                "Solicitud de dictamen de protección civil",
                "pc-dictamen",
                "Application for a civil protection assessment",
            )
        ],
    ),
    dict(
        code="MET-PC-002",
        slug="capacitacion-en-primeros-auxilios-y-evacuacion",
        kind=SERVICIO,
        modality=IN_PERSON,
        name=t(
            "Capacitación en primeros auxilios, combate de incendios y evacuación",
            "First aid, fire fighting and evacuation training",
        ),
        dependency="proteccion-civil",
        topic="proteccion-civil",
        offices=["bomberos"],
        description=t(
            "Cursos teórico-prácticos gratuitos impartidos por personal de Protección "
            "Civil y Bomberos a escuelas, empresas, condominios y grupos vecinales."
        ),
        applicants=t(
            "Escuelas, empresas, condominios y grupos organizados de Metepec, con un "
            "mínimo de 15 participantes."
        ),
        cases=t("Para formar brigadas internas o prepararse para un simulacro."),
        response_days=WorkingDays(10),
        silence=NO_SILENCE,
        result=t("Curso impartido y constancias de participación."),
        legal_basis=t(
            "Código Administrativo del Estado de México, Libro Sexto, artículo 6.5; "
            "Reglamento Municipal de Protección Civil de Metepec."
        ),
        keywords=[
            "capacitación",
            "primeros auxilios",
            "incendios",
            "evacuación",
            "brigadas",
            "simulacro",
        ],
        updated_on=date(2026, 6, 3),
        requirements=[
            req(
                "Oficio de solicitud con fecha propuesta y número de participantes",
                original=True,
                copies=1,
            ),
            req("Lista de participantes", copies=1),
        ],
    ),
    dict(
        code="MET-PC-003",
        slug="opinion-tecnica-de-riesgo",
        kind=SERVICIO,
        modality=IN_PERSON,
        name=t(
            "Opinión técnica de riesgo en inmuebles y arbolado",
            "Risk assessment of buildings and trees",
        ),
        dependency="proteccion-civil",
        topic="proteccion-civil",
        offices=["bomberos"],
        description=t(
            "Visita de personal de Protección Civil para valorar riesgos en viviendas, "
            "bardas, árboles o instalaciones, con recomendaciones por escrito."
        ),
        applicants=t("Cualquier persona que detecte un riesgo en su vivienda o en la vía pública."),
        cases=t(
            "Grietas, hundimientos, árboles que pueden caer, fugas o instalaciones dañadas. "
            "En una emergencia llame al 911."
        ),
        response_days=WorkingDays(5),
        silence=NO_SILENCE,
        result=t("Opinión técnica por escrito con recomendaciones."),
        legal_basis=t(
            "Código Administrativo del Estado de México, Libro Sexto; Reglamento "
            "Municipal de Protección Civil de Metepec."
        ),
        keywords=[
            "riesgo",
            "opinión técnica",
            "grietas",
            "árbol",
            "protección civil",
            "inspección",
        ],
        updated_on=date(2026, 6, 3),
        requirements=[
            req("Domicilio y descripción del riesgo", "Address and description of the risk"),
            req("Fotografías del riesgo, si es posible", "Photos, if possible"),
        ],
    ),
    dict(
        code="MET-PC-004",
        slug="registro-del-programa-interno-de-proteccion-civil",
        kind=TRAMITE,
        modality=IN_PERSON,
        name=t("Registro del programa interno de protección civil"),
        dependency="proteccion-civil",
        topic="proteccion-civil",
        offices=["bomberos"],
        description=t(
            "Revisión y registro del programa interno de protección civil de inmuebles "
            "con afluencia de público, como escuelas, plazas comerciales, hospitales y "
            "oficinas."
        ),
        applicants=t("Responsables de inmuebles con afluencia masiva de personas."),
        cases=t("Una vez al año, o cuando cambien el inmueble o su uso."),
        response_days=WorkingDays(15),
        silence=POSITIVE,
        cost_amount=Decimal("610.00"),
        cost_basis=cfem("154, fracción III"),
        result=t("Constancia de registro del programa interno."),
        validity=t("Un año."),
        legal_basis=t(
            "Ley General de Protección Civil, artículo 39; Código Administrativo del "
            "Estado de México, Libro Sexto, artículo 6.26."
        ),
        keywords=["programa interno", "protección civil", "registro", "escuela", "plaza comercial"],
        updated_on=date(2026, 6, 3),
        requirements=[
            APPLICATION,
            req(
                "Programa interno impreso y en formato digital, elaborado por una persona "
                "consultora registrada",
                original=True,
                copies=1,
            ),
            req("Constancias de capacitación de las brigadas", copies=1),
        ],
        request_formats=[
            form("Guía para elaborar el programa interno", "pc-guia-programa-interno")
        ],
    ),
    # Servicios Públicos
    dict(
        code="MET-SP-001",
        slug="reparacion-de-alumbrado-publico",
        kind=SERVICIO,
        modality=BOTH,
        online_url=f"{SITE}/reportes/alumbrado",
        name=t("Reparación de alumbrado público", "Street lighting repair", "Tlawilli ipan ohtli"),
        dependency="servicios-publicos",
        topic="servicios-urbanos",
        offices=["servicios-publicos"],
        description=t(
            "Reparación de luminarias apagadas, intermitentes o encendidas de día en "
            "calles, parques y espacios públicos. Puede reportarlas en línea, por "
            "teléfono o en la Unidad Operativa.",
            "Repair of street lights that are off, flickering or on during the day in "
            "streets, parks and public spaces. Report them online, by phone or at the "
            "Operations Unit.",
        ),
        applicants=t("Cualquier persona.", "Anyone."),
        cases=t("Cuando una luminaria pública no funciona.", "When a street light is not working."),
        response_days=WorkingDays(3),
        silence=NO_SILENCE,
        result=t(
            "Luminaria reparada y aviso de cierre del reporte.",
            "The light is repaired and you are told the report is closed.",
        ),
        legal_basis=t(
            "Ley Orgánica Municipal del Estado de México, artículo 125, fracción II; "
            "Bando Municipal de Metepec 2026."
        ),
        languages=["es", "nah"],
        keywords=["alumbrado", "luminaria", "lámpara", "poste", "luz", "reporte"],
        updated_on=date(2026, 8, 4),
        requirements=[
            req(
                "Ubicación de la luminaria (calle, número cercano o referencia)",
                "Location of the light (street, nearest number or landmark)",
            ),
            req("Número del poste, si es visible", "Pole number, if visible"),
            req(
                "Datos de contacto para informarle del avance",
                "Contact details so we can keep you informed",
            ),
        ],
    ),
    dict(
        code="MET-SP-002",
        slug="recoleccion-de-residuos-voluminosos",
        kind=SERVICIO,
        modality=BOTH,
        online_url=f"{SITE}/reportes/cacharreo",
        name=t("Recolección de residuos voluminosos (cacharreo)", "Bulky waste collection"),
        dependency="servicios-publicos",
        topic="servicios-urbanos",
        offices=["servicios-publicos"],
        description=t(
            "Recolección de muebles, colchones, electrodomésticos y otros objetos "
            "grandes que no recoge el camión ordinario, en jornadas por colonia o con "
            "cita."
        ),
        applicants=t("Personas que viven en Metepec."),
        cases=t("Una vez por bimestre por domicilio."),
        response_days=WorkingDays(5),
        silence=NO_SILENCE,
        result=t("Recolección en la fecha acordada."),
        legal_basis=t(
            "Ley Orgánica Municipal del Estado de México, artículo 125, fracción III; "
            "Reglamento de Limpia del Municipio de Metepec."
        ),
        keywords=["cacharreo", "voluminosos", "muebles", "colchones", "basura", "recolección"],
        updated_on=date(2026, 8, 4),
        requirements=[req("Domicilio y referencias"), req("Lista aproximada de objetos")],
    ),
    dict(
        code="MET-SP-003",
        slug="bacheo-de-vialidades",
        kind=SERVICIO,
        modality=BOTH,
        online_url=f"{SITE}/reportes/baches",
        name=t("Bacheo de vialidades", "Pothole repair"),
        dependency="servicios-publicos",
        topic="servicios-urbanos",
        offices=["servicios-publicos"],
        description=t(
            "Reparación de baches en calles y avenidas municipales. Los reportes sobre "
            "vialidades estatales o federales se canalizan a la autoridad que "
            "corresponde.",
            "Repair of potholes in municipal streets. Reports about state or federal "
            "roads are passed on to the authority in charge.",
        ),
        applicants=t("Cualquier persona.", "Anyone."),
        cases=t("Cuando detecte un bache en una calle del municipio."),
        response_days=WorkingDays(10),
        silence=NO_SILENCE,
        result=t("Bache reparado.", "Pothole repaired."),
        legal_basis=t("Ley Orgánica Municipal del Estado de México, artículo 125, fracción VI."),
        keywords=["bache", "bacheo", "calle", "pavimento", "reporte"],
        updated_on=date(2026, 8, 4),
        requirements=[
            req("Ubicación del bache", "Location of the pothole"),
            req("Fotografía, si es posible", "A photo, if possible"),
        ],
    ),
    dict(
        code="MET-SP-004",
        slug="inhumacion-en-panteon-municipal",
        kind=TRAMITE,
        modality=IN_PERSON,
        name=t("Inhumación en panteón municipal", "Burial in a municipal cemetery"),
        dependency="servicios-publicos",
        topic="servicios-urbanos",
        offices=["servicios-publicos"],
        description=t(
            "Autorización y servicio de inhumación en uno de los panteones municipales, "
            "en fosa a temporalidad o a perpetuidad."
        ),
        applicants=t("Familiares de la persona fallecida o la agencia funeraria."),
        cases=t("Después del registro de la defunción."),
        response_days=WorkingDays(1),
        silence=NO_SILENCE,
        cost_amount=Decimal("1150.00"),
        cost_basis=cfem(
            "155, fracción I",
            t("Fosa a temporalidad de siete años.", "Grave for a seven-year term."),
        ),
        result=t("Orden de inhumación y asignación de fosa."),
        validity=t("Siete años de temporalidad, renovables."),
        legal_basis=t(
            "Ley Orgánica Municipal del Estado de México, artículo 125, fracción VIII; "
            "Reglamento de Panteones del Municipio de Metepec."
        ),
        keywords=["panteón", "inhumación", "fosa", "entierro", "defunción"],
        updated_on=date(2026, 2, 17),
        requirements=[
            req("Acta de defunción", original=True, copies=1),
            req("Orden de inhumación del Registro Civil", original=True, copies=1),
            ID,
        ],
    ),
    dict(
        code="MET-SP-005",
        slug="recoleccion-domiciliaria-de-residuos",
        kind=SERVICIO,
        modality=BOTH,
        online_url=f"{SITE}/reportes/recoleccion",
        name=t(
            "Recolección domiciliaria de residuos sólidos",
            "Household waste collection",
            "Tlakuikuiliztli tlen tlahsolli",
        ),
        dependency="servicios-publicos",
        topic="servicios-urbanos",
        offices=["servicios-publicos"],
        description=t(
            "Recolección de residuos domésticos separados en orgánicos e inorgánicos, "
            "según el calendario y el horario de cada colonia. Si el camión no pasó, "
            "repórtelo y se programará una ruta de apoyo.",
            "Collection of household waste separated into organic and inorganic, on "
            "each neighbourhood's schedule. If the truck did not come, report it and a "
            "support round will be scheduled.",
        ),
        applicants=t("Personas que viven en Metepec.", "Metepec residents."),
        cases=t("Según el calendario de su colonia.", "On your neighbourhood's schedule."),
        response_days=WorkingDays(2),
        silence=NO_SILENCE,
        result=t("Recolección de residuos y, si hubo reporte, ruta de apoyo."),
        legal_basis=t(
            "Ley Orgánica Municipal del Estado de México, artículo 125, fracción III; "
            "Reglamento de Limpia del Municipio de Metepec."
        ),
        languages=["es", "nah"],
        keywords=["basura", "recolección", "camión", "residuos", "separación", "orgánicos"],
        updated_on=date(2026, 8, 4),
        requirements=[
            req("Domicilio", "Address"),
            req("Fecha en que no pasó el camión", "Date the truck did not come"),
        ],
    ),
    # Agua potable (organismo descentralizado)
    dict(
        code="MET-AGU-001",
        slug="contrato-de-agua-potable-y-drenaje",
        kind=TRAMITE,
        modality=IN_PERSON,
        name=t(
            "Contrato de servicio de agua potable y drenaje",
            "Water and sewerage connection",
            "Atl ipan mochan",
        ),
        dependency="agua-potable",
        topic="agua-y-drenaje",
        offices=["opdapas", "opdapas-norte"],
        description=t(
            "Contratación de la toma de agua potable y de la descarga al drenaje de un "
            "inmueble que cuenta con factibilidad de servicios. Incluye la instalación "
            "del medidor.",
            "Connection of a property to the drinking-water and sewerage networks where "
            "the service is feasible. Includes installing the meter.",
        ),
        applicants=t("Persona propietaria del inmueble.", "The owner of the property."),
        cases=t(
            "Vivienda nueva o inmueble sin toma registrada.",
            "A new home or a property without a registered connection.",
        ),
        response_days=WorkingDays(10),
        silence=POSITIVE,
        cost_amount=Decimal("2940.00"),
        cost_basis=cfem(
            "130, fracción I",
            t(
                "Derechos de conexión a la red de agua y al drenaje para vivienda unifamiliar.",
                "Connection fees for a single-family home.",
            ),
        ),
        result=t(
            "Contrato, toma instalada y número de cuenta.",
            "Contract, installed connection and account number.",
        ),
        validity=t(
            "Permanente, mientras se paguen los derechos.",
            "Indefinite, as long as the bills are paid.",
        ),
        legal_basis=t(
            "Ley del Agua para el Estado de México y Municipios, artículos 35 y 129; "
            "Código Financiero del Estado de México y Municipios, artículo 130."
        ),
        languages=["es", "nah"],
        keywords=["agua", "drenaje", "contrato", "toma", "medidor", "OPDAPAS"],
        updated_on=date(2026, 5, 11),
        requirements=[
            ID,
            PROOF_OF_OWNERSHIP,
            req(
                "Constancia de alineamiento y número oficial",
                "Building line and street number certificate",
                copies=1,
            ),
            req(
                "Licencia de construcción, si es obra nueva",
                "Building permit, for new buildings",
                copies=1,
            ),
            PROPERTY_TAX_RECEIPT,
        ],
        request_formats=[
            form("Solicitud de contrato de agua", "agua-contrato", "Water connection application")
        ],
    ),
    dict(
        code="MET-AGU-002",
        slug="pago-de-derechos-de-agua",
        kind=TRAMITE,
        modality=BOTH,
        online_url=f"{SITE}/pagos/agua",
        name=t("Pago de derechos de agua potable y drenaje", "Water and sewerage bill payment"),
        dependency="agua-potable",
        topic="impuestos-y-pagos",
        offices=["opdapas", "opdapas-norte"],
        description=t(
            "Pago bimestral o anual de los derechos por el suministro de agua potable y "
            "el servicio de drenaje. El pago anual anticipado tiene descuento en enero "
            "y febrero.",
            "Bimonthly or annual payment for the water supply and sewerage. Paying the "
            "whole year in January or February earns a discount.",
        ),
        applicants=t(
            "Personas usuarias con toma registrada.", "Users with a registered connection."
        ),
        cases=t("Cada bimestre o una vez al año.", "Every two months or once a year."),
        response_days=WorkingDays(1),
        silence=NO_SILENCE,
        cost_amount=Decimal("198.00"),
        cost_basis=cfem(
            "130, fracción II",
            t(
                "Cuota mínima bimestral de uso doméstico; el importe depende del consumo medido.",
                "Minimum bimonthly domestic amount; the final amount depends on metered use.",
            ),
        ),
        result=t("Recibo oficial de pago.", "Official receipt."),
        validity=t("El periodo pagado.", "The period paid."),
        legal_basis=t("Código Financiero del Estado de México y Municipios, artículos 129 a 134."),
        keywords=["agua", "pago", "recibo", "derechos", "OPDAPAS", "descuento"],
        updated_on=date(2026, 1, 7),
        requirements=[
            req("Número de cuenta o recibo anterior", "Account number or previous bill"),
            req(
                "Para pagar en línea: tarjeta bancaria o línea de captura",
                "To pay online: a bank card or payment reference",
            ),
        ],
    ),
    dict(
        code="MET-AGU-003",
        slug="constancia-de-no-adeudo-de-agua",
        kind=TRAMITE,
        modality=BOTH,
        online_url=f"{SITE}/tramites/agua/no-adeudo",
        name=t("Constancia de no adeudo de agua"),
        dependency="agua-potable",
        topic="agua-y-drenaje",
        offices=["opdapas", "opdapas-norte"],
        description=t("Constancia de que la cuenta de agua de un inmueble está al corriente."),
        applicants=t("Persona propietaria o su representante."),
        cases=t("Compraventa, escrituración o licencias."),
        response_days=WorkingDays(2),
        silence=POSITIVE,
        cost_amount=Decimal("152.00"),
        cost_basis=cfem("130, fracción IX"),
        result=t("Constancia de no adeudo."),
        validity=t("Hasta el final del bimestre en que se expide."),
        legal_basis=t("Código Financiero del Estado de México y Municipios, artículo 130."),
        keywords=["constancia", "no adeudo", "agua", "escrituración", "OPDAPAS"],
        updated_on=date(2026, 5, 11),
        requirements=[ID, req("Último recibo de pago de agua", original=True, copies=1)],
    ),
    dict(
        code="MET-AGU-004",
        slug="reparacion-de-fugas-de-agua",
        kind=SERVICIO,
        modality=BOTH,
        online_url=f"{SITE}/reportes/fugas",
        name=t("Reparación de fugas de agua", "Water leak repair"),
        dependency="agua-potable",
        topic="agua-y-drenaje",
        offices=["opdapas"],
        description=t(
            "Reparación de fugas en la red pública y en las tomas domiciliarias antes "
            "del medidor. Las fugas dentro del predio corresponden a la persona "
            "propietaria.",
            "Repair of leaks in the public network and in household connections before "
            "the meter. Leaks inside the property are the owner's responsibility.",
        ),
        applicants=t("Cualquier persona.", "Anyone."),
        cases=t(
            "Cuando vea brotar agua en la calle, en la banqueta o junto al medidor.",
            "When you see water coming up in the street, the pavement or by a meter.",
        ),
        response_days=WorkingDays(2),
        silence=NO_SILENCE,
        result=t(
            "Fuga reparada y aviso de cierre del reporte.",
            "The leak is repaired and you are told the report is closed.",
        ),
        legal_basis=t("Ley del Agua para el Estado de México y Municipios, artículo 36."),
        keywords=["fuga", "agua", "reporte", "tubería", "medidor", "OPDAPAS"],
        updated_on=date(2026, 7, 21),
        requirements=[
            req("Ubicación de la fuga", "Location of the leak"),
            req(
                "Número de cuenta, si la fuga está en su toma",
                "Account number, if the leak is at your connection",
            ),
            req("Teléfono de contacto", "Contact phone number"),
        ],
    ),
    dict(
        code="MET-AGU-005",
        slug="suministro-de-agua-en-pipa",
        kind=SERVICIO,
        modality=IN_PERSON,
        name=t("Suministro de agua en pipa", "Water delivery by tanker"),
        dependency="agua-potable",
        topic="agua-y-drenaje",
        offices=["opdapas", "opdapas-norte"],
        description=t(
            "Entrega de agua potable en pipa a domicilios, escuelas o instituciones "
            "cuando no hay servicio en la red o para usos específicos."
        ),
        applicants=t("Personas usuarias del organismo e instituciones."),
        cases=t("Desabasto, obras en la red o eventos."),
        response_days=WorkingDays(2),
        silence=NO_SILENCE,
        cost_amount=Decimal("480.00"),
        cost_basis=cfem(
            "130, fracción XI",
            t(
                "Pipa de 10 m³ para uso doméstico; sin costo "
                "cuando el desabasto se debe a una falla del "
                "organismo."
            ),
        ),
        result=t("Entrega de agua en la fecha programada."),
        legal_basis=t(
            "Ley del Agua para el Estado de México y Municipios; Código Financiero del "
            "Estado de México y Municipios, artículo 130."
        ),
        keywords=["pipa", "agua", "desabasto", "tanque", "OPDAPAS"],
        updated_on=date(2026, 7, 21),
        requirements=[req("Número de cuenta y domicilio de entrega"), ID],
    ),
    dict(
        code="MET-AGU-006",
        slug="desazolve-de-drenaje",
        kind=SERVICIO,
        modality=BOTH,
        online_url=f"{SITE}/reportes/drenaje",
        name=t("Desazolve de drenaje", "Sewer unblocking"),
        dependency="agua-potable",
        topic="agua-y-drenaje",
        offices=["opdapas"],
        description=t(
            "Limpieza con equipo hidroneumático de atarjeas, coladeras y descargas "
            "obstruidas en la vía pública."
        ),
        applicants=t("Cualquier persona."),
        cases=t("Coladeras tapadas, malos olores o encharcamientos en la calle."),
        response_days=WorkingDays(3),
        silence=NO_SILENCE,
        result=t("Tramo desazolvado y aviso de cierre del reporte."),
        legal_basis=t("Ley del Agua para el Estado de México y Municipios, artículo 36."),
        keywords=["drenaje", "desazolve", "coladera", "inundación", "encharcamiento", "OPDAPAS"],
        updated_on=date(2026, 7, 21),
        requirements=[
            req("Ubicación de la coladera o del tramo obstruido"),
            req("Teléfono de contacto"),
        ],
    ),
    dict(
        code="MET-AGU-007",
        slug="dictamen-de-factibilidad-de-agua-y-drenaje",
        kind=TRAMITE,
        modality=IN_PERSON,
        name=t(
            "Dictamen de factibilidad de servicios de agua potable y drenaje",
            "Water and sewerage feasibility report",
        ),
        dependency="agua-potable",
        topic="agua-y-drenaje",
        offices=["opdapas"],
        description=t(
            "Dictamen técnico sobre la capacidad de la red para dar servicio de agua y "
            "drenaje a un nuevo desarrollo, comercio o industria."
        ),
        applicants=t("Desarrolladoras, personas propietarias de predios y unidades económicas."),
        cases=t(
            "Antes de tramitar la licencia de uso del suelo o de construcción de un desarrollo."
        ),
        response_days=WorkingDays(15),
        silence=POSITIVE,
        cost_amount=Decimal("3560.00"),
        cost_basis=cfem("130, fracción VII", t("Por vivienda o unidad.", "Per dwelling or unit.")),
        result=t("Dictamen de factibilidad, con las condiciones que correspondan."),
        validity=t("Un año.", "One year."),
        legal_basis=t(
            "Ley del Agua para el Estado de México y Municipios, artículo 49; Código "
            "Administrativo del Estado de México, Libro Quinto."
        ),
        keywords=["factibilidad", "agua", "drenaje", "desarrollo", "dictamen", "OPDAPAS"],
        updated_on=date(2026, 5, 11),
        requirements=[
            APPLICATION,
            ID,
            PROOF_OF_OWNERSHIP,
            req("Proyecto con número de viviendas o demanda estimada de agua", copies=1),
            req("Plano de localización", copies=1),
        ],
        request_formats=[form("Solicitud de factibilidad", "agua-factibilidad")],
    ),
    # Desarrollo Económico
    dict(
        code="MET-DE-001",
        slug="licencia-de-funcionamiento",
        kind=TRAMITE,
        modality=BOTH,
        online_url=f"{SITE}/tramites/sare",
        name=t(
            "Licencia de funcionamiento para negocios de bajo riesgo (SARE)",
            "Operating licence for low-risk businesses (SARE)",
            "Tlanawatilli ika tlanamakiliztli",
        ),
        dependency="desarrollo-economico",
        topic="negocios-y-empleo",
        offices=["sare"],
        description=t(
            "Licencia para abrir y operar un negocio de bajo riesgo (por ejemplo, tienda de "
            "abarrotes, papelería, estética o consultorio) a través del Sistema de Apertura "
            "Rápida de Empresas, en un máximo de tres días hábiles.\n\nLos giros de mediano y "
            "alto riesgo requieren además el dictamen de protección civil y la licencia de uso "
            "del suelo.",
            "Licence to open and run a low-risk business (for example a grocery, stationery "
            "shop, beauty salon or doctor's office) through the Fast Business Opening System, "
            "within three working days.\n\nMedium- and high-risk businesses also need a civil "
            "protection assessment and a land use permit.",
        ),
        applicants=t(
            "Personas físicas o morales que abren un negocio de bajo riesgo en Metepec.",
            "Individuals or companies opening a low-risk business in Metepec.",
        ),
        cases=t(
            "Antes de iniciar operaciones, o al cambiar de domicilio o de giro.",
            "Before opening, or when moving or changing the type of business.",
        ),
        response_days=WorkingDays(3),
        silence=POSITIVE,
        cost_basis=t(
            "Sin costo para unidades económicas de bajo riesgo, conforme a la Ley de "
            "Competitividad y Ordenamiento Comercial del Estado de México.",
            "Free for low-risk businesses under the State of Mexico Competitiveness "
            "and Commerce Act.",
        ),
        result=t("Licencia de funcionamiento.", "Operating licence."),
        validity=t("Un año; se renueva con el refrendo anual.", "One year; renewed every year."),
        legal_basis=t(
            "Ley de Competitividad y Ordenamiento Comercial del Estado de México, "
            "artículos 9 y 18; Ley para la Mejora Regulatoria del Estado de México y sus "
            "Municipios."
        ),
        languages=["es", "nah"],
        keywords=[
            "licencia",
            "funcionamiento",
            "negocio",
            "SARE",
            "apertura",
            "empresa",
            "comercio",
        ],
        updated_on=date(2026, 2, 24),
        requirements=[
            ID,
            req("Constancia de situación fiscal (RFC)", "Tax status certificate (RFC)", copies=1),
            req(
                "Contrato de arrendamiento o documento de propiedad del local",
                "Lease or proof of ownership of the premises",
                copies=1,
            ),
            req("Cédula informativa de zonificación", "Zoning information sheet", copies=1),
            req(
                "Fotografías del interior y del exterior del local",
                "Photos of the inside and outside of the premises",
                copies=2,
            ),
        ],
        request_formats=[
            form("Formato único de apertura SARE", "de-sare", "SARE single application form")
        ],
    ),
    dict(
        code="MET-DE-002",
        slug="refrendo-de-licencia-de-funcionamiento",
        kind=TRAMITE,
        modality=ONLINE,
        online_url=f"{SITE}/tramites/refrendo",
        name=t(
            "Refrendo anual de licencia de funcionamiento", "Annual renewal of an operating licence"
        ),
        dependency="desarrollo-economico",
        topic="negocios-y-empleo",
        offices=["sare"],
        description=t(
            "Renovación anual, en línea, de la licencia de funcionamiento sin cambio de "
            "domicilio, giro ni titular. Si necesita ayuda, el Centro de Atención "
            "Empresarial le orienta por teléfono o en persona.",
            "Online annual renewal of an operating licence with no change of address, "
            "activity or holder. The Business Service Centre can help by phone or in "
            "person.",
        ),
        applicants=t(
            "Titulares de licencias de funcionamiento vigentes.",
            "Holders of a valid operating licence.",
        ),
        cases=t(
            "Durante los tres primeros meses del año.", "In the first three months of the year."
        ),
        response_days=WorkingDays(3),
        silence=POSITIVE,
        cost_amount=Decimal("520.00"),
        cost_basis=cfem("159, fracción II"),
        result=t("Licencia refrendada en PDF.", "Renewed licence as a PDF."),
        validity=t("El año calendario.", "The calendar year."),
        legal_basis=t(
            "Ley de Competitividad y Ordenamiento Comercial del Estado de México, artículo 21."
        ),
        keywords=["refrendo", "licencia", "funcionamiento", "renovación", "negocio", "en línea"],
        updated_on=date(2026, 1, 12),
        requirements=[
            req("Licencia de funcionamiento del año anterior", "Last year's operating licence"),
            req(
                "Dictamen de protección civil vigente, en giros de mediano riesgo",
                "Valid civil protection assessment, for medium-risk businesses",
            ),
        ],
    ),
    dict(
        code="MET-DE-003",
        slug="permiso-para-anuncio-publicitario",
        kind=TRAMITE,
        modality=IN_PERSON,
        name=t("Permiso para anuncio publicitario", "Advertising sign permit"),
        dependency="desarrollo-economico",
        topic="negocios-y-empleo",
        offices=["sare"],
        description=t(
            "Autorización para colocar anuncios adosados, pintados, luminosos o en "
            "toldos en la fachada de un establecimiento."
        ),
        applicants=t("Titulares de establecimientos y personas propietarias de inmuebles."),
        cases=t("Antes de colocar el anuncio."),
        response_days=WorkingDays(5),
        silence=POSITIVE,
        cost_amount=Decimal("780.00"),
        cost_basis=cfem("120, fracción I", t("Anuncio adosado de hasta 3 m².")),
        result=t("Permiso de anuncio."),
        validity=t("Un año."),
        legal_basis=t(
            "Código Financiero del Estado de México y Municipios, artículos 120 a 123; "
            "Reglamento de Imagen Urbana de Metepec."
        ),
        keywords=["anuncio", "publicidad", "letrero", "permiso", "fachada"],
        updated_on=date(2026, 4, 16),
        requirements=[
            ID,
            req("Licencia de funcionamiento vigente", copies=1),
            req("Diseño o fotomontaje del anuncio con medidas", copies=1),
            req(
                "Autorización de la persona propietaria del inmueble, si no es suyo", original=True
            ),
        ],
    ),
    dict(
        code="MET-DE-004",
        slug="bolsa-de-trabajo-municipal",
        kind=SERVICIO,
        modality=BOTH,
        online_url=f"{SITE}/empleo",
        name=t("Bolsa de trabajo municipal", "Municipal job centre"),
        dependency="desarrollo-economico",
        topic="negocios-y-empleo",
        offices=["sare"],
        description=t(
            "Vinculación gratuita entre personas que buscan empleo y empresas con "
            "vacantes en la región, con orientación para preparar el currículum y las "
            "entrevistas.",
            "Free matching of job seekers with companies that have vacancies in the "
            "region, with help preparing a CV and interviews.",
        ),
        applicants=t(
            "Personas mayores de 16 años que buscan empleo y empresas que ofrecen vacantes.",
            "Job seekers aged 16 and over, and companies with vacancies.",
        ),
        cases=t("En cualquier momento; las ferias de empleo se anuncian en el portal."),
        response_days=WorkingDays(5),
        silence=NO_SILENCE,
        result=t(
            "Canalización a vacantes y seguimiento de la contratación.",
            "Referral to vacancies and follow-up.",
        ),
        legal_basis=t(
            "Bando Municipal de Metepec 2026; Reglamento de Desarrollo Económico de Metepec."
        ),
        keywords=[
            "empleo",
            "trabajo",
            "vacantes",
            "bolsa de trabajo",
            "currículum",
            "feria del empleo",
        ],
        updated_on=date(2026, 6, 22),
        requirements=[
            req("Currículum o solicitud de empleo", "CV or job application", copies=1),
            ID,
            CURP,
        ],
    ),
    dict(
        code="MET-DE-005",
        slug="permiso-para-comercio-en-tianguis",
        kind=TRAMITE,
        modality=IN_PERSON,
        name=t("Permiso para ejercer el comercio en tianguis"),
        dependency="desarrollo-economico",
        topic="negocios-y-empleo",
        offices=["sare"],
        description=t(
            "Permiso para ocupar un espacio en los tianguis autorizados del municipio, "
            "con el giro, las medidas y el día asignados."
        ),
        applicants=t("Personas comerciantes mayores de edad que vivan en Metepec."),
        cases=t("Para instalarse en un tianguis; se renueva cada año."),
        response_days=WorkingDays(5),
        silence=POSITIVE,
        cost_amount=Decimal("215.00"),
        cost_basis=cfem("154, fracción V"),
        result=t("Gafete y permiso con el lugar asignado."),
        validity=t("Un año."),
        legal_basis=t(
            "Ley de Competitividad y Ordenamiento Comercial del Estado de México; "
            "Reglamento de Mercados y Tianguis de Metepec."
        ),
        keywords=["tianguis", "comercio", "puesto", "permiso", "vía pública"],
        updated_on=date(2026, 4, 16),
        requirements=[ID, CURP, PROOF_OF_ADDRESS, PHOTOS],
    ),
    dict(
        code="MET-DE-006",
        slug="asesoria-para-personas-emprendedoras",
        kind=SERVICIO,
        modality=BOTH,
        online_url=f"{SITE}/citas/emprendedores",
        name=t("Asesoría para personas emprendedoras", "Advice for entrepreneurs"),
        dependency="desarrollo-economico",
        topic="negocios-y-empleo",
        offices=["sare"],
        description=t(
            "Orientación gratuita para elaborar un plan de negocio, registrar una marca, "
            "darse de alta ante el SAT y acceder a financiamiento municipal, estatal y "
            "federal."
        ),
        applicants=t("Personas con una idea de negocio y micro y pequeñas empresas de Metepec."),
        cases=t("Al iniciar o formalizar un negocio."),
        response_days=WorkingDays(5),
        silence=NO_SILENCE,
        result=t("Asesoría, plan de trabajo y canalización a programas de financiamiento."),
        legal_basis=t("Reglamento de Desarrollo Económico de Metepec."),
        keywords=[
            "emprendedores",
            "negocio",
            "asesoría",
            "financiamiento",
            "microcrédito",
            "plan de negocio",
        ],
        updated_on=date(2026, 6, 22),
        requirements=[ID, req("Descripción breve de la idea o del negocio")],
    ),
    # Medio Ambiente
    dict(
        code="MET-MA-001",
        slug="permiso-de-poda-derribo-o-trasplante-de-arboles",
        kind=TRAMITE,
        modality=IN_PERSON,
        name=t(
            "Permiso de poda, derribo o trasplante de árboles",
            "Permit to prune, fell or transplant trees",
        ),
        dependency="medio-ambiente",
        topic="medio-ambiente",
        offices=["medio-ambiente"],
        description=t(
            "Autorización para podar, derribar o trasplantar árboles en la vía pública "
            "o dentro de predios particulares, previa visita técnica. Cada árbol "
            "derribado se restituye con árboles de especies nativas.",
            "Permission to prune, fell or transplant trees on public or private land "
            "after a technical visit. Every felled tree is replaced with native "
            "species.",
        ),
        applicants=t(
            "Personas propietarias o poseedoras de inmuebles y administraciones de condominios."
        ),
        cases=t(
            "Cuando un árbol daña una construcción, representa un riesgo o impide una obra "
            "autorizada."
        ),
        response_days=WorkingDays(10),
        silence=NEGATIVE,
        cost_amount=Decimal("310.00"),
        cost_basis=cfem(
            "154, fracción VII",
            t(
                "Por árbol; sin costo cuando Protección Civil "
                "dictamina que el árbol representa un riesgo.",
                "Per tree; free when Civil Protection finds that the tree is a hazard.",
            ),
        ),
        result=t(
            "Permiso con las condiciones y la restitución que correspondan.",
            "Permit stating the conditions and the replacement trees required.",
        ),
        validity=t("Noventa días naturales.", "Ninety calendar days."),
        legal_basis=t(
            "Código para la Biodiversidad del Estado de México, Libro Cuarto; "
            "Reglamento de Medio Ambiente de Metepec."
        ),
        keywords=["poda", "derribo", "árbol", "trasplante", "permiso", "medio ambiente"],
        updated_on=date(2026, 5, 27),
        requirements=[
            APPLICATION,
            ID,
            req(
                "Fotografías del árbol y de su entorno",
                "Photos of the tree and its surroundings",
                copies=2,
            ),
            req(
                "Documento que acredite la propiedad o posesión, si el árbol está dentro del "
                "predio",
                "Proof of ownership, if the tree is on private land",
                copies=1,
            ),
        ],
        request_formats=[
            form("Solicitud de poda, derribo o trasplante", "ma-arbolado", "Tree work application")
        ],
    ),
    dict(
        code="MET-MA-002",
        slug="licencia-ambiental-municipal",
        kind=TRAMITE,
        modality=IN_PERSON,
        name=t("Licencia ambiental municipal", "Municipal environmental licence"),
        dependency="medio-ambiente",
        topic="medio-ambiente",
        offices=["medio-ambiente"],
        description=t(
            "Registro de las unidades económicas que generan emisiones, ruido, "
            "descargas o residuos, con las condiciones para operar sin dañar el "
            "ambiente."
        ),
        applicants=t("Unidades económicas de mediano y alto impacto ambiental."),
        cases=t("Antes de iniciar operaciones y cada año."),
        response_days=WorkingDays(15),
        silence=NEGATIVE,
        cost_amount=Decimal("1240.00"),
        cost_basis=cfem("154, fracción VIII"),
        result=t("Licencia ambiental con condicionantes."),
        validity=t("Un año."),
        legal_basis=t(
            "Código para la Biodiversidad del Estado de México; Reglamento de Medio "
            "Ambiente de Metepec."
        ),
        keywords=["licencia ambiental", "emisiones", "ruido", "residuos", "negocio"],
        updated_on=date(2026, 5, 27),
        requirements=[
            APPLICATION,
            ID,
            req("Licencia de funcionamiento o de uso del suelo", copies=1),
            req("Plan de manejo de residuos", copies=1),
        ],
    ),
    dict(
        code="MET-MA-003",
        slug="denuncia-ciudadana-ambiental",
        kind=TRAMITE,
        modality=BOTH,
        online_url=f"{SITE}/denuncia-ambiental",
        name=t("Denuncia ciudadana en materia ambiental", "Environmental complaint"),
        dependency="medio-ambiente",
        topic="medio-ambiente",
        offices=["medio-ambiente"],
        description=t(
            "Denuncia de hechos que dañan el ambiente: tala, quema de basura, tiraderos "
            "clandestinos, ruido excesivo o descargas contaminantes. Puede presentarse "
            "de forma anónima.",
            "Report activities that damage the environment: tree felling, burning "
            "waste, illegal dumping, excessive noise or polluting discharges. You may "
            "report anonymously.",
        ),
        applicants=t("Cualquier persona.", "Anyone."),
        cases=t("Cuando presencie un daño al ambiente.", "When you witness environmental damage."),
        response_days=WorkingDays(10),
        silence=NO_SILENCE,
        result=t(
            "Visita de inspección y respuesta con las medidas adoptadas.",
            "An inspection visit and a reply stating the action taken.",
        ),
        legal_basis=t(
            "Código para la Biodiversidad del Estado de México, artículos 2.240 a "
            "2.245; Reglamento de Medio Ambiente de Metepec."
        ),
        keywords=["denuncia", "ambiental", "tala", "ruido", "basura", "contaminación", "anónima"],
        updated_on=date(2026, 7, 6),
        requirements=[
            req("Descripción de los hechos y ubicación", "Description of the facts and location"),
            req("Fotografías o videos, si los tiene", "Photos or videos, if any"),
            req(
                "Datos de contacto, si desea recibir respuesta",
                "Contact details, if you want a reply",
            ),
        ],
    ),
    dict(
        code="MET-MA-004",
        slug="donacion-de-arboles-para-reforestacion",
        kind=SERVICIO,
        modality=IN_PERSON,
        name=t("Donación de árboles para reforestación"),
        dependency="medio-ambiente",
        topic="medio-ambiente",
        offices=["medio-ambiente"],
        description=t(
            "Entrega gratuita de árboles de especies nativas del vivero municipal para "
            "reforestar espacios públicos, escuelas y áreas comunes, con asesoría para "
            "plantarlos."
        ),
        applicants=t("Escuelas, grupos vecinales, condominios y organizaciones de Metepec."),
        cases=t("Durante la temporada de lluvias, de junio a septiembre."),
        response_days=WorkingDays(5),
        silence=NO_SILENCE,
        result=t("Entrega de árboles y recomendaciones de plantación."),
        legal_basis=t(
            "Código para la Biodiversidad del Estado de México; Programa Municipal de "
            "Reforestación 2026."
        ),
        keywords=["árboles", "reforestación", "vivero", "donación", "plantas"],
        updated_on=date(2026, 7, 6),
        requirements=[
            req(
                "Solicitud con número de árboles y lugar donde se plantarán",
                original=True,
                copies=1,
            ),
            ID,
        ],
    ),
    # Mejora Regulatoria
    dict(
        code="MET-MR-001",
        slug="protesta-ciudadana",
        kind=TRAMITE,
        modality=BOTH,
        online_url=f"{SITE}/protesta-ciudadana",
        name=t(
            "Protesta ciudadana en materia de mejora regulatoria",
            "Citizen protest on regulatory improvement",
        ),
        dependency="mejora-regulatoria",
        topic="atencion-ciudadana",
        offices=["atencion-ciudadana"],
        description=t(
            "Permite informar cuando una dependencia niega un trámite o servicio sin "
            "causa justificada, pide requisitos o pagos que no están en el catálogo o "
            "no respeta los plazos publicados. La Coordinación de Mejora Regulatoria da "
            "vista a la dependencia y al órgano interno de control.",
            "Lets you report when an office refuses a procedure or service without good "
            "reason, asks for requirements or fees not in the catalogue, or misses the "
            "published deadlines. The Regulatory Improvement Coordination notifies the "
            "office and the internal control body.",
        ),
        applicants=t("Cualquier persona.", "Anyone."),
        cases=t(
            "Dentro de los cinco días hábiles siguientes al hecho.",
            "Within five working days of the event.",
        ),
        response_days=WorkingDays(10),
        silence=NO_SILENCE,
        result=t(
            "Respuesta por escrito con las acciones tomadas.",
            "A written reply stating the action taken.",
        ),
        legal_basis=t(
            "Ley para la Mejora Regulatoria del Estado de México y sus Municipios, "
            "artículos 67 a 69; Reglamento Municipal de Mejora Regulatoria de Metepec."
        ),
        keywords=["protesta", "mejora regulatoria", "trámite", "queja", "requisitos", "plazos"],
        updated_on=date(2026, 3, 4),
        requirements=[
            req(
                "Descripción del hecho: dependencia, trámite, fecha y lo ocurrido",
                "What happened: office, procedure, date and details",
            ),
            req(
                "Documentos o fotografías que lo respalden, si los tiene",
                "Supporting documents or photos, if any",
            ),
            req(
                "Correo electrónico o domicilio para recibir la respuesta",
                "E-mail or postal address for the reply",
            ),
        ],
    ),
    # Educación y Cultura
    dict(
        code="MET-EDU-001",
        slug="prestamo-de-libros-a-domicilio",
        kind=SERVICIO,
        modality=IN_PERSON,
        name=t("Préstamo de libros a domicilio en bibliotecas públicas", "Library book lending"),
        dependency="educacion-y-cultura",
        topic="educacion-y-cultura",
        offices=["casa-de-cultura"],
        description=t(
            "Préstamo gratuito de hasta tres libros por dos semanas con la credencial "
            "de la red de bibliotecas municipales."
        ),
        applicants=t(
            "Cualquier persona; las personas menores de edad, con el aval de una persona adulta."
        ),
        response_days=WorkingDays(1),
        silence=NO_SILENCE,
        result=t("Credencial de la biblioteca y préstamo de libros."),
        validity=t("La credencial vale dos años."),
        legal_basis=t(
            "Ley General de Bibliotecas; Reglamento de Bibliotecas Públicas Municipales de Metepec."
        ),
        keywords=["biblioteca", "libros", "préstamo", "credencial", "lectura"],
        updated_on=date(2026, 8, 18),
        requirements=[
            ID,
            PROOF_OF_ADDRESS,
            req("Una fotografía tamaño infantil, para la credencial", copies=1),
        ],
    ),
    dict(
        code="MET-EDU-002",
        slug="talleres-artisticos-casa-de-cultura",
        kind=SERVICIO,
        modality=IN_PERSON,
        name=t(
            "Talleres artísticos en la Casa de Cultura", "Arts workshops at the Cultural Centre"
        ),
        dependency="educacion-y-cultura",
        topic="educacion-y-cultura",
        offices=["casa-de-cultura"],
        description=t(
            "Talleres de danza folclórica, pintura, alfarería, guitarra, teatro y "
            "lectura para todas las edades, en grupos semestrales.",
            "Folk dance, painting, pottery, guitar, theatre and reading workshops for "
            "all ages, in six-month groups.",
        ),
        applicants=t(
            "Niñas, niños, jóvenes y personas adultas.", "Children, young people and adults."
        ),
        cases=t("Inscripciones en enero y en julio.", "Enrolment in January and July."),
        response_days=WorkingDays(3),
        silence=NO_SILENCE,
        cost_amount=Decimal("260.00"),
        cost_basis=t(
            "Acuerdo de Cabildo de cuotas de la Casa de Cultura 2026. Cuota mensual; "
            "50 % de descuento para estudiantes, personas adultas mayores y personas "
            "con discapacidad."
        ),
        result=t("Inscripción al taller y constancia semestral."),
        legal_basis=t(
            "Ley de Cultura y Derechos Culturales del Estado de México; Bando "
            "Municipal de Metepec 2026."
        ),
        keywords=["talleres", "cultura", "danza", "alfarería", "pintura", "música", "niños"],
        updated_on=date(2026, 8, 18),
        requirements=[
            req(
                "Identificación oficial o, para menores, acta de nacimiento",
                "Official ID or, for children, birth certificate",
                copies=1,
            ),
            CURP,
        ],
    ),
]

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
