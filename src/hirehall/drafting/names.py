"""Language and country names, normalised with pycountry.

Drafts store languages as English names ("Spanish") and countries as ISO 3166 alpha-2
codes (decision D13). Only ISO 639-1 languages are recognised: the much larger 639-3 list
contains everyday English words ("Even", "Are") that would poison free-text matching.
"""

from __future__ import annotations

import re
from functools import cache

import pycountry

# Names people write that pycountry spells differently or does not list under 639-1.
LANGUAGE_ALIASES: dict[str, str] = {
    "greek": "Greek",
    "mandarin": "Chinese",
    "cantonese": "Chinese",
    "farsi": "Persian",
    "filipino": "Tagalog",
    "punjabi": "Panjabi",
    "pashto": "Pushto",
    "swahili": "Swahili",
    "malay": "Malay",
    "nepali": "Nepali",
    "oriya": "Oriya",
    "odia": "Oriya",
    "flemish": "Dutch",
    "haitian creole": "Haitian",
    "kyrgyz": "Kirghiz",
    "uyghur": "Uighur",
}

COUNTRY_ALIASES: dict[str, str] = {
    "usa": "US",
    "u.s.": "US",
    "u.s.a.": "US",
    "united states of america": "US",
    "america": "US",
    "uk": "GB",
    "u.k.": "GB",
    "great britain": "GB",
    "britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "south korea": "KR",
    "korea": "KR",
    "north korea": "KP",
    "russia": "RU",
    "vietnam": "VN",
    "iran": "IR",
    "taiwan": "TW",
    "bolivia": "BO",
    "venezuela": "VE",
    "tanzania": "TZ",
    "moldova": "MD",
    "syria": "SY",
    "laos": "LA",
    "the netherlands": "NL",
    "holland": "NL",
    "czech republic": "CZ",
    "ivory coast": "CI",
    "uae": "AE",
    "turkey": "TR",
    "the philippines": "PH",
    "palestine": "PS",
}

# Adjectives that name a country's residents; used only in location phrases
# ("US-based", "German residents"), never alone, because "German" is also a language.
DEMONYMS: dict[str, str] = {
    "us": "US",
    "u.s.": "US",
    "american": "US",
    "uk": "GB",
    "british": "GB",
    "canadian": "CA",
    "mexican": "MX",
    "brazilian": "BR",
    "argentinian": "AR",
    "argentine": "AR",
    "colombian": "CO",
    "chilean": "CL",
    "peruvian": "PE",
    "spanish": "ES",
    "french": "FR",
    "german": "DE",
    "italian": "IT",
    "portuguese": "PT",
    "dutch": "NL",
    "polish": "PL",
    "swedish": "SE",
    "irish": "IE",
    "indian": "IN",
    "pakistani": "PK",
    "filipino": "PH",
    "indonesian": "ID",
    "japanese": "JP",
    "korean": "KR",
    "chinese": "CN",
    "vietnamese": "VN",
    "thai": "TH",
    "australian": "AU",
    "nigerian": "NG",
    "kenyan": "KE",
    "south african": "ZA",
    "egyptian": "EG",
    "turkish": "TR",
    "ukrainian": "UA",
    "eu": "",
}


def _clean_language_name(name: str) -> str:
    # "Modern Greek (1453-)" -> "Greek", "Malay (macrolanguage)" -> "Malay"
    name = re.sub(r"\s*\(.*?\)", "", name)
    return name.removeprefix("Modern ").strip()


@cache
def language_table() -> dict[str, str]:
    """Lower-case name or ISO 639-1/-2 code -> English display name."""
    table: dict[str, str] = {}
    for lang in pycountry.languages:
        if not hasattr(lang, "alpha_2"):
            continue
        display = _clean_language_name(lang.name)
        table[display.lower()] = display
        table[lang.alpha_2.lower()] = display
        table[lang.alpha_3.lower()] = display
    table.update(LANGUAGE_ALIASES)
    return table


def normalize_language(value: str) -> str | None:
    """English name for a language name or code, or None when unknown."""
    key = value.strip().lower()
    key = re.sub(r"[-_]([a-z]{2})$", "", key)  # "es-MX" and "pt_BR" name the language
    return language_table().get(key)


@cache
def country_table() -> dict[str, str]:
    """Lower-case country name or code -> ISO 3166 alpha-2."""
    table: dict[str, str] = {}
    for country in pycountry.countries:
        code = country.alpha_2
        table[code.lower()] = code
        table[country.alpha_3.lower()] = code
        for attr in ("name", "common_name", "official_name"):
            name = getattr(country, attr, None)
            if name:
                table[name.lower()] = code
                table[name.split(",")[0].lower()] = code
    table.update(COUNTRY_ALIASES)
    return table


def normalize_country(value: str) -> str | None:
    """ISO alpha-2 for a country name or code, or None when unknown."""
    return country_table().get(value.strip().lower().rstrip("."))


@cache
def country_name_pattern() -> re.Pattern[str]:
    """Regex matching any country name or alias (not bare codes) as a whole word."""
    names = [
        n
        for n in country_table()
        if len(n) > 3 or n in {"usa", "uk", "uae", "u.s.", "u.k."} or "." in n
    ]
    names.sort(key=len, reverse=True)
    alternation = "|".join(re.escape(n) for n in names)
    return re.compile(rf"(?<![\w.])({alternation})(?![\w])", re.IGNORECASE)
