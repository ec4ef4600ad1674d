"""Job drafting without a database or web framework: field catalogue and publish gate,
PATCH validation, the plain-text parser, the structured importers and moderation."""

from hirehall.drafting.fields import UPDATE_KEYS, missing_fields, validation
from hirehall.drafting.importers import IMPORT_FORMATS, import_canonical, import_draft
from hirehall.drafting.issues import DraftInputError
from hirehall.drafting.jsonld import import_json_ld
from hirehall.drafting.moderation import REASON_CODES, moderate
from hirehall.drafting.patch import validate_patch
from hirehall.drafting.result import DraftParse
from hirehall.drafting.text_parser import parse_text
from hirehall.drafting.xml_import import import_hr_xml, import_indeed_xml

__all__ = [
    "IMPORT_FORMATS",
    "REASON_CODES",
    "UPDATE_KEYS",
    "DraftInputError",
    "DraftParse",
    "import_canonical",
    "import_draft",
    "import_hr_xml",
    "import_indeed_xml",
    "import_json_ld",
    "missing_fields",
    "moderate",
    "parse_text",
    "validate_patch",
    "validation",
]
