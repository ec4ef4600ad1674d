"""Controlled vocabularies the parsers map free text onto.

``labelTypes`` and ``dataType`` are open sets in the contract (skills show ``TEXT``,
``CLASSIFICATION``, ``SENTIMENT_ANALYSIS``, ``TEXT_CLASSIFICATION``); hirehall uses the
upper-snake codes below so that drafts, filters and facets agree on spelling.
"""

from __future__ import annotations

import re

_I = re.IGNORECASE

# Order matters only for output order; every pattern that matches contributes its code.
LABEL_TYPE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (code, re.compile(pattern, _I))
    for code, pattern in (
        ("BOUNDING_BOX", r"bounding[- ]?box|\bbbox"),
        ("POLYGON", r"\bpolygons?\b"),
        ("SEGMENTATION", r"segmentation|\bsegment\b(?!s?\.ai)"),
        ("KEYPOINT", r"key ?points?\b|\blandmarks\b|pose estimation"),
        ("CUBOID", r"\bcuboids?\b"),
        ("OBJECT_TRACKING", r"object tracking|\btrack(?:ing)? (?:objects|vehicles|people)"),
        ("TEXT_CLASSIFICATION", r"text classification"),
        (
            "CLASSIFICATION",
            r"classif(?:y|ies|ied|ying|ication)|categori[sz]|\battributes\b"
            r"|\b(?:tag|label)\w* (?:the )?(?:emotion|sound events|action|intent)",
        ),
        ("SENTIMENT_ANALYSIS", r"sentiment"),
        (
            "NAMED_ENTITY_RECOGNITION",
            r"named entit|\bNER\b|entity (?:tagging|annotation|recognition)"
            r"|tag persons, organi[sz]ations",
        ),
        ("TRANSCRIPTION", r"transcri(?:be|bing|ption)"),
        ("TRANSLATION", r"translat(?:e|es|ion|ions|ing)\b(?! or \w+ degree)"),
        ("SPEAKER_DIARIZATION", r"diari[sz]ation|speaker (?:labels|identification|turns)"),
        ("CAPTIONING", r"\bcaption"),
        (
            "CONTENT_MODERATION",
            r"content moderation|\bmoderat(?:e|ing) (?:user|content|posts|comments)"
            r"|toxicity|hate speech",
        ),
        (
            "PROMPT_WRITING",
            r"prompt writing|\bwrit(?:e|ing) (?:[\w,.-]+ ){0,3}"
            r"(?:prompts|questions|dialogues|conversations|responses|answers)\b",
        ),
        (
            "RESPONSE_EVALUATION",
            # "Rate: $22/hour" and "pay rate" are money, not a rating task
            r"(?<!pay )(?<!hourly )\b(?:rat(?:e|ing)(?!\s*:)|grad(?:e|ing)|judg(?:e|ing)"
            r"|evaluat\w*|review\w*|scor(?:e|ing)|assess\w*|test)"
            r"\b(?:\W+[\w'-]+){0,8}?\W+(?:responses?|outputs?|answers?|replies|solutions"
            r"|summaries|code|quality|relevan\w*|fluency|accuracy)\b",
        ),
        ("RANKING", r"\brank(?:ing)?\b|pairwise|preference (?:data|ranking)|pick the better"),
    )
)

# Label types that only exist for text: with no medium named, the data is text.
TEXT_ONLY_LABEL_TYPES = frozenset(
    {"NAMED_ENTITY_RECOGNITION", "SENTIMENT_ANALYSIS", "TRANSLATION", "PROMPT_WRITING"}
)

# When a specific code matched, the generic one adds nothing.
LABEL_TYPE_SUPERSEDES = {"TEXT_CLASSIFICATION": "CLASSIFICATION"}

# Highest priority first: the medium being labelled wins over the text around it
# (captions are written as text, but the job labels images).
DATA_TYPE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (code, re.compile(pattern, _I))
    for code, pattern in (
        ("POINT_CLOUD", r"lidar|point[- ]cloud"),
        ("VIDEO", r"\bvideos?\b|footage"),
        ("AUDIO", r"\baudio\b|(?<!hate )\bspeech\b|\bvoice\b|recordings|podcast|call-center"),
        ("IMAGE", r"\bimages?\b|imagery|photos?\b|pictures|\bscan(?:s|ned)\b|x-rays?"),
        ("CODE", r"\bcode\b|\bpython\b|javascript|programming|software engineers"),
        (
            "TEXT",
            r"\btext\b|reviews|e-?mails|tweets|comments|posts|documents|articles|notes"
            r"|chatbot|\bLLM\b|\bGPT|prompts|messages|\bwords\b|dialogues|summaries|questions"
            r"|translations?|search results|outputs|sentence|answers|replies",
        ),
    )
)

SOFTWARE: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, _I))
    for name, pattern in (
        ("Label Studio", r"label[- ]?studio"),
        ("CVAT", r"\bCVAT\b"),
        ("Labelbox", r"\blabelbox\b"),
        ("SuperAnnotate", r"\bsuper ?annotate\b"),
        ("V7", r"\bV7\b"),
        ("Prodigy", r"\bprodigy\b"),
        ("Doccano", r"\bdoccano\b"),
        ("Encord", r"\bencord\b"),
        ("LabelImg", r"\blabelimg\b"),
        ("Supervisely", r"\bsupervisely\b"),
        ("SageMaker Ground Truth", r"ground truth|sagemaker"),
        ("Dataloop", r"\bdataloop\b"),
        ("Roboflow", r"\broboflow\b"),
        ("Segments.ai", r"\bsegments\.ai\b"),
        ("Scale Rapid", r"scale rapid"),
        ("ELAN", r"\bELAN\b"),
        ("Praat", r"\bpraat\b"),
        ("Audacity", r"\baudacity\b"),
        ("3D Slicer", r"3d slicer"),
        ("Google Sheets", r"google sheets"),
    )
)

# Checked in this order; the first level with a match wins.  "Any level" and "no
# experience needed" beat everything because they explicitly relax other wording
# ("some experience is a plus but not required - all levels welcome").
EXPERIENCE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (code, re.compile(pattern, _I))
    for code, pattern in (
        ("ANY_EXPERIENCE_LEVEL", r"any (?:experience )?level|all (?:experience )?levels"),
        (
            "ENTRY_LEVEL",
            r"entry[- ]level|beginners?(?: are)? welcome|beginner[- ]friendly"
            r"|no (?:prior )?experience (?:is )?(?:required|needed|necessary)"
            r"|training (?:is )?provided|we (?:will )?provide training",
        ),
        (
            "EXPERT",
            r"\bexperts?\b|expert[- ]level|\bsenior\b|\bPh\.?D\b|\bmasters?\b|board[- ]certified"
            r"|\blicensed\b|\bcertified\b|\b(?:[3-9]|\d\d)\+? years",
        ),
        (
            "INTERMEDIATE",
            r"\bintermediate\b|some (?:prior )?(?:\w+ )?experience|prior (?:\w+ )?experience"
            r"|at least (?:1|one|2|two) years?|\b[12]\+? years?|\bexperienced\b",
        ),
    )
)
