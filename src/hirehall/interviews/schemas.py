"""The interview objects on the wire (section 2.5.2, the operator's act operations)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict


class InterviewMessage(BaseModel):
    id: str
    role: Literal["interviewer", "candidate"]
    content: str
    sentAt: str


class Interview(BaseModel):
    """The contract's interview object: the sanitized transcript, oldest first."""

    proposalId: str
    interviewId: str
    score: int
    summary: str
    messages: list[InterviewMessage]


class InterviewResponse(BaseModel):
    interview: Interview


class AiInterview(BaseModel):
    """`aiInterview` of the proposal detail (section 2.5.1)."""

    score: int
    summary: str
    transcriptAvailable: bool


class InterviewQuestion(BaseModel):
    id: str
    content: str


class InterviewQuestions(BaseModel):
    questions: list[InterviewQuestion]


class InterviewAnswers(BaseModel):
    """The operator's answers: one non-empty string per question, checked by the service
    (400 `details.field: "answers"`), so any JSON value is read here."""

    model_config = ConfigDict(extra="ignore")

    answers: Any = None
