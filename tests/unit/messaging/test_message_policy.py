"""The content policy of decision D32, a pure function: what is contact off the platform and
what is ordinary talk about a labeling job."""

from __future__ import annotations

import pytest

from hirehall.messaging.rules import OFF_PLATFORM, policy_violation

BLOCKED = [
    # email addresses
    "Write to me at maria.garcia@example.com",
    "maria+jobs@mail.example.co.uk is best",
    "MARIA@EXAMPLE.ES",
    # phone numbers: + and 7 or more digits
    "Call +34 612 345 678",
    "+1 (555) 123-4567",
    "+4915112345",
    "(+34) 612.345.678",
    # phone numbers: 9 or more digits in a run, with separators
    "612345678",
    "my number is 612-345-678",
    "612 34 56 78 any time",
    "(555) 123 4567",
    "555.123.4567",
    "call 555 - 123 - 4567",
    # messengers by name
    "Let's move to WhatsApp",
    "whatsapp me",
    "Whats App works too",
    "Add me on telegram please",
    "my Skype is maria.g",
    "Do you use WeChat?",
    "Join our Discord server",
    # messengers by link
    "https://wa.me/34612345678",
    "https://t.me/maria_g",
    "telegram.me/maria",
    "discord.gg/abcdef",
    "signal.me/#p/whatever",
    "skype:maria.g?chat",
    # Signal as the messenger
    "Text me on Signal",
    "we can talk via signal",
    "Do you have a signal number?",
    "I prefer the Signal app",
    "Let's continue, Signal is easier",
]

ALLOWED = [
    "Hello Maria, are you free to start on Monday?",
    "I can label 5,000 images in 3 days for $1,500.00.",
    "Batch of 12000 clips, 250 hours in total.",
    # dates and times are not phone numbers
    "From 2026-07-01 to 2026-07-15",
    "Deadline 2026-07-01 10:30",
    "due 01.07.2026 09:00, then 15.07.2026 18:00",
    "Start 7/1/2026, end 7/31/2026",
    "2026-07-01 2026-07-02 2026-07-03",
    # short numbers and counts
    "Order 12345678 is done",
    "+123456 is not a phone number",
    "Version 2.10.3 of the guidelines",
    "Rates: 12, 15, 18, 20 and 25 USD",
    # "signal" as an everyday word
    "audio signal processing experience",
    "Signal quality labels are fine",
    "We label ECG signal data",
    "The signal to noise ratio matters",
    "Label each EEG Signal analysis window",
    # near misses of emails and apps
    "Reach me here, @maria is my name on this platform",
    "Use the chat here on the platform",
    "I have discordant labels to review",
    "",
]


@pytest.mark.parametrize("content", BLOCKED)
def test_off_platform_contact_is_blocked(content: str) -> None:
    assert policy_violation(content) == OFF_PLATFORM


@pytest.mark.parametrize("content", ALLOWED)
def test_ordinary_talk_passes(content: str) -> None:
    assert policy_violation(content) is None


def test_a_date_next_to_a_phone_number_does_not_hide_it() -> None:
    assert policy_violation("2026-07-01 call 612 345 678") == OFF_PLATFORM


def test_dates_joined_to_other_digits_still_count_the_rest() -> None:
    assert policy_violation("2026-07-01 1234 5678 9") == OFF_PLATFORM
