"""POST /v1/articles and GET /v1/articles/{id}."""

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Response
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from services.gateway.access.scopes import require
from services.gateway.clients import ArticleRejected, IngestUnavailable
from services.gateway.deps import IngestDep, QueryDep
from services.gateway.ids import checked
from services.gateway.relay import passed_on
from shared.api_models import ArticleAccepted, ArticlePublic
from shared.messages import MAX_AHEAD, SubmitArticle
from shared.url_field import HttpUrlText

router = APIRouter(prefix="/v1/articles", tags=["articles"])

MAX_TEXT_CHARS = 500_000


class ArticleCreate(BaseModel):
    model_config = ConfigDict(extra="ignore")

    text: Annotated[str | None, Field(min_length=1, max_length=MAX_TEXT_CHARS)] = None
    html: Annotated[str | None, Field(min_length=1, description="a fetched page, instead of text")] = None
    title: Annotated[str | None, Field(max_length=1_000)] = None
    url: HttpUrlText | None = None
    source: Annotated[str | None, Field(max_length=300)] = None
    published_at: datetime | None = None
    language: Annotated[str | None, Field(max_length=20)] = None

    @field_validator("text")
    @classmethod
    def _not_blank(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise ValueError("text must contain something other than whitespace")
        return value

    @field_validator("published_at")
    @classmethod
    def _not_ahead(cls, value: datetime | None) -> datetime | None:
        if value is None:
            return value
        aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        if aware > datetime.now(UTC) + MAX_AHEAD:
            raise ValueError(f"published_at {value.isoformat()} is more than a day in the future")
        return value

    @model_validator(mode="after")
    def _text_or_html(self) -> "ArticleCreate":
        if self.text is None and self.html is None:
            raise ValueError("give the article as `text`, or a fetched page as `html` (with its `url`)")
        return self


@router.post(
    "",
    dependencies=[Depends(require("ingest"))],
    status_code=202,
    responses={
        422: {"description": "missing or malformed fields, or no article found in the input"},
        503: {"description": "ingest did not answer in time; retry"},
    },
)
async def submit_article(body: ArticleCreate, ingest: IngestDep) -> ArticleAccepted:
    """Take an article in, as text (boilerplate is removed) or as an HTML page (main text, title,
    author, site and date are extracted). A page bundling several outlets' articles becomes several
    articles, all listed in `ids`. The same article again (the same canonical URL, or the same
    cleaned text from the same `source`) returns the id of the one already held, with
    `duplicate: true`. The same text from another outlet is an article of its own, `duplicate_of`
    the first copy once placed, and counts in its event's `source_count`."""
    try:
        return await ingest.submit(SubmitArticle(**body.model_dump()))
    except ArticleRejected as refusal:
        raise HTTPException(422, str(refusal)) from None
    except IngestUnavailable:
        raise HTTPException(
            503,
            "ingest did not answer in time; the article is queued, and retrying the same request is "
            "safe: it returns the same id",
            headers={"Retry-After": "2"},
        ) from None


@router.get(
    "/{article_id}",
    response_model=ArticlePublic,
    responses={404: {"description": "no such article"}},
    dependencies=[Depends(require("read"))],
)
async def get_article(article_id: str, query: QueryDep) -> Response:
    """The article, its entities with character offsets, and its event (`event_id` is null until
    the article has been placed in one)."""
    return await passed_on(query, f"/articles/{checked('article', article_id)}")
