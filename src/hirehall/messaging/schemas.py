"""Bodies and answers of the messaging operations (section 2.7, decisions D31-D33)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from hirehall.messaging.rules import MAX_CONTENT

# Content is trimmed first, then measured (D32); the document says so with a pattern (at least
# one character that is not white space), since minLength alone would admit "\t".
Content = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_CONTENT),
    Field(json_schema_extra={"pattern": r"\S"}),
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SendMessageBody(Strict):
    conversationId: str = Field(min_length=1, max_length=200)
    content: Content


class ActMessageBody(Strict):
    userId: str = Field(min_length=1, max_length=200)
    conversationId: str = Field(min_length=1, max_length=200)
    content: Content


class Message(Strict):
    """The contract's message object."""

    id: str
    createdAt: str
    updatedAt: str
    conversationId: str
    jobId: str | None
    senderUserId: str
    isFromViewer: bool
    content: str
    messageType: str | None
    system: bool
    hasUnreadFlag: bool
    attachmentCount: int
    hasAudio: bool
    editedAt: str | None
    reactionCount: int


class LastMessage(Strict):
    id: str
    content: str
    senderUserId: str
    isFromViewer: bool
    createdAt: str


class Conversation(Strict):
    """A list-mode item of `GET /messages`."""

    id: str
    type: Literal["DIRECT_MESSAGE"]
    bucket: Literal["proposal", "job"]
    jobId: str | None
    proposalId: str | None
    channelName: str | None
    updatedAt: str
    lastMessage: LastMessage | None
    unreadCount: int
    needsReplyCount: int


class ConversationList(Strict):
    conversations: list[Conversation]
    nextCursor: str | None


class MessagePage(Strict):
    conversation: Conversation
    messages: list[Message]
    nextCursor: str | None


class MessageSent(Strict):
    ok: Literal[True]
    message: Message


class ConversationStarted(Strict):
    ok: Literal[True]
    conversationId: str
    proposalId: str
    jobId: str
    created: bool
