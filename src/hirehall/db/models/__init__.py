"""Every table, imported here so Alembic and the reset operation see the whole schema."""

from hirehall.db.models.accounts import ApiToken, Organization, User
from hirehall.db.models.agents import AgentClaim, ClaimAttempt
from hirehall.db.models.contracts import Approval, Contract, Milestone
from hirehall.db.models.events import Event
from hirehall.db.models.freelancers import FreelancerProfile
from hirehall.db.models.humans import HumanSession, SignInCode
from hirehall.db.models.interviews import Interview
from hirehall.db.models.jobs import Job, JobEvent, JobFacet
from hirehall.db.models.ledger import LedgerBalance, LedgerPosting, LedgerTransaction
from hirehall.db.models.messaging import Conversation, Message
from hirehall.db.models.payments import Invoice, PaymentCard, PaymentCounter, TopUp
from hirehall.db.models.platform import OutboxMessage, SandboxClock
from hirehall.db.models.proposals import Proposal
from hirehall.db.models.simulation import SimulationAction, SimulationState
from hirehall.db.models.team import TeamInvite
from hirehall.db.models.webhooks import Webhook, WebhookAttempt, WebhookDelivery
from hirehall.db.models.worker import OutboxSend, WorkerCursor

__all__ = [
    "AgentClaim",
    "ApiToken",
    "Approval",
    "ClaimAttempt",
    "Contract",
    "Conversation",
    "Event",
    "FreelancerProfile",
    "HumanSession",
    "Interview",
    "Invoice",
    "Job",
    "JobEvent",
    "JobFacet",
    "LedgerBalance",
    "LedgerPosting",
    "LedgerTransaction",
    "Message",
    "Milestone",
    "Organization",
    "OutboxMessage",
    "OutboxSend",
    "PaymentCard",
    "PaymentCounter",
    "Proposal",
    "SandboxClock",
    "SignInCode",
    "SimulationAction",
    "SimulationState",
    "TeamInvite",
    "TopUp",
    "User",
    "Webhook",
    "WebhookAttempt",
    "WebhookDelivery",
    "WorkerCursor",
]
