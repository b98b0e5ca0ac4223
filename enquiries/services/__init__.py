"""Every write to enquiries that carries a rule."""

from .attachments import attachments_store, validate_uploads
from .submission import enquiry_submit, first_response_due, next_reference
from .workflow import (
    REOPEN_WINDOW,
    TRANSITIONS,
    enquiry_assign,
    enquiry_forward,
    enquiry_note,
    enquiry_recommend,
    enquiry_record_outcome,
    enquiry_reply,
    enquiry_set_priority,
    enquiry_transition,
)

__all__ = [
    "REOPEN_WINDOW",
    "TRANSITIONS",
    "attachments_store",
    "enquiry_assign",
    "enquiry_forward",
    "enquiry_note",
    "enquiry_recommend",
    "enquiry_record_outcome",
    "enquiry_reply",
    "enquiry_set_priority",
    "enquiry_submit",
    "enquiry_transition",
    "first_response_due",
    "next_reference",
    "validate_uploads",
]
