"""What citizens wrote in the surveys of a charter's services: the quality team reads it with
the satisfaction figures it explains (the survey asks for no personal data)."""

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from app.charters.models import charter_services
from app.feedback.models import SurveyResponse


def survey_comments(charter_id: int) -> Select:
    """The survey responses with a comment of the services ``charter_id`` covers, newest
    first."""
    return (
        select(SurveyResponse)
        .join(charter_services, charter_services.c.service_id == SurveyResponse.service_id)
        .where(charter_services.c.charter_id == charter_id)
        .where(SurveyResponse.comment.is_not(None), SurveyResponse.comment != "")
        .options(selectinload(SurveyResponse.service))
        .order_by(SurveyResponse.created_at.desc(), SurveyResponse.id.desc())
    )
