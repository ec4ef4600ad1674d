"""Demo AI trainers: varied countries, languages, skills and rates; a few not available and
one suspended, so every invite outcome can be tried."""

from __future__ import annotations

from typing import Any

# first, last, country, city, title, rate, expertise, english, languages, data types, labels,
# subject matter, availability, status
_ROWS: list[tuple[Any, ...]] = [
    ("Maria", "Garcia", "ES", "Madrid", "Text Annotation Specialist", 18, "EXPERT", "FLUENT",
     [("Spanish", "NATIVE"), ("English", "FLUENT")], ["TEXT"], ["CLASSIFICATION"],
     ["Social media", "Customer support"], "FULL_TIME", "ACTIVE"),
    ("Liam", "O'Connor", "IE", "Dublin", "RLHF Rater, code and reasoning", 42, "EXPERT", "NATIVE",
     [("English", "NATIVE")], ["TEXT", "CODE"], ["RANKING", "PREFERENCE"],
     ["Python", "Algorithms"], "PART_TIME", "ACTIVE"),
    ("Aiko", "Tanaka", "JP", "Osaka", "Japanese audio transcriber", 25, "EXPERT", "FLUENT",
     [("Japanese", "NATIVE"), ("English", "FLUENT")], ["AUDIO"], ["TRANSCRIPTION"],
     ["Call centers"], "FULL_TIME", "ACTIVE"),
    ("Chinedu", "Okafor", "NG", "Lagos", "Image bounding-box annotator", 9, "INTERMEDIATE",
     "FLUENT", [("English", "FLUENT"), ("Igbo", "NATIVE"), ("Yoruba", "CONVERSATIONAL")],
     ["IMAGE"], ["BOUNDING_BOX"], ["Retail products"], "FULL_TIME", "ACTIVE"),
    ("Priya", "Raman", "IN", "Bengaluru", "Medical text labeler (MBBS)", 22, "EXPERT", "FLUENT",
     [("English", "FLUENT"), ("Tamil", "NATIVE"), ("Hindi", "FLUENT")], ["TEXT"],
     ["NER", "CLASSIFICATION"], ["Clinical notes", "Radiology"], "PART_TIME", "ACTIVE"),
    ("Lucas", "Silva", "BR", "São Paulo", "Portuguese sentiment rater", 11, "INTERMEDIATE",
     "CONVERSATIONAL", [("Portuguese", "NATIVE"), ("Spanish", "FLUENT")], ["TEXT"],
     ["SENTIMENT"], ["E-commerce reviews"], "FULL_TIME", "ACTIVE"),
    ("Fatima", "Zahra", "MA", "Casablanca", "Arabic and French transcription", 14, "EXPERT",
     "FLUENT", [("Arabic", "NATIVE"), ("French", "FLUENT"), ("English", "FLUENT")], ["AUDIO"],
     ["TRANSCRIPTION"], ["News", "Podcasts"], "AS_NEEDED", "ACTIVE"),
    ("Jonas", "Becker", "DE", "Berlin", "German LLM response evaluator", 35, "EXPERT", "FLUENT",
     [("German", "NATIVE"), ("English", "FLUENT")], ["TEXT"], ["RANKING", "RATING"],
     ["Law", "Finance"], "PART_TIME", "ACTIVE"),
    ("Nguyen", "Thi Lan", "VN", "Hanoi", "Vietnamese OCR and document labeler", 8,
     "INTERMEDIATE", "CONVERSATIONAL", [("Vietnamese", "NATIVE"), ("English", "CONVERSATIONAL")],
     ["IMAGE", "DOCUMENT"], ["OCR", "BOUNDING_BOX"], ["Invoices"], "FULL_TIME", "ACTIVE"),
    ("Sofia", "Rossi", "IT", "Milan", "Italian content moderator", 19, "INTERMEDIATE", "FLUENT",
     [("Italian", "NATIVE"), ("English", "FLUENT")], ["TEXT", "IMAGE"], ["MODERATION"],
     ["Social media"], "NOT_AVAILABLE", "ACTIVE"),
    ("Mateo", "Fernández", "MX", "Guadalajara", "Spanish RLHF writer", 16, "EXPERT", "FLUENT",
     [("Spanish", "NATIVE"), ("English", "FLUENT")], ["TEXT"], ["GENERATION", "RANKING"],
     ["Education"], "FULL_TIME", "ACTIVE"),
    ("Emily", "Clarke", "GB", "Manchester", "Search relevance rater", 28, "EXPERT", "NATIVE",
     [("English", "NATIVE")], ["TEXT"], ["RELEVANCE"], ["Search", "Shopping"], "PART_TIME",
     "ACTIVE"),
    ("Olena", "Kovalenko", "UA", "Lviv", "Ukrainian and Russian audio annotator", 13, "EXPERT",
     "FLUENT", [("Ukrainian", "NATIVE"), ("Russian", "NATIVE"), ("English", "FLUENT")],
     ["AUDIO"], ["TRANSCRIPTION", "SPEAKER_DIARIZATION"], ["Interviews"], "FULL_TIME", "ACTIVE"),
    ("Kwame", "Mensah", "GH", "Accra", "Video action-recognition labeler", 10, "ENTRY_LEVEL",
     "FLUENT", [("English", "FLUENT"), ("Twi", "NATIVE")], ["VIDEO"], ["ACTION_RECOGNITION"],
     ["Sports"], "FULL_TIME", "ACTIVE"),
    ("Hana", "Kim", "KR", "Seoul", "Korean conversational AI rater", 27, "EXPERT", "FLUENT",
     [("Korean", "NATIVE"), ("English", "FLUENT")], ["TEXT"], ["RATING", "GENERATION"],
     ["Customer service"], "PART_TIME", "ACTIVE"),
    ("Diego", "Morales", "AR", "Córdoba", "LiDAR and 3D point-cloud annotator", 20, "EXPERT",
     "CONVERSATIONAL", [("Spanish", "NATIVE"), ("English", "CONVERSATIONAL")], ["LIDAR"],
     ["3D_BOUNDING_BOX", "SEGMENTATION"], ["Autonomous driving"], "FULL_TIME", "ACTIVE"),
    ("Amara", "Ndiaye", "SN", "Dakar", "French and Wolof transcription", 9, "INTERMEDIATE",
     "CONVERSATIONAL", [("French", "FLUENT"), ("Wolof", "NATIVE")], ["AUDIO"],
     ["TRANSCRIPTION"], ["Radio"], "AS_NEEDED", "ACTIVE"),
    ("Tomasz", "Nowak", "PL", "Kraków", "Polish legal text annotator", 21, "EXPERT", "FLUENT",
     [("Polish", "NATIVE"), ("English", "FLUENT")], ["TEXT"], ["NER", "CLASSIFICATION"],
     ["Law"], "NOT_AVAILABLE", "ACTIVE"),
    ("Grace", "Wanjiru", "KE", "Nairobi", "Swahili and English sentiment labeler", 9,
     "INTERMEDIATE", "FLUENT", [("Swahili", "NATIVE"), ("English", "FLUENT")], ["TEXT"],
     ["SENTIMENT"], ["Mobile money"], "FULL_TIME", "ACTIVE"),
    ("Ahmed", "Hassan", "EG", "Cairo", "Arabic dialect data specialist", 15, "EXPERT", "FLUENT",
     [("Arabic", "NATIVE"), ("English", "FLUENT")], ["TEXT", "AUDIO"],
     ["TRANSCRIPTION", "TRANSLATION"], ["Dialects"], "FULL_TIME", "ACTIVE"),
    ("Camille", "Dubois", "FR", "Lyon", "French math reasoning grader", 38, "EXPERT", "FLUENT",
     [("French", "NATIVE"), ("English", "FLUENT")], ["TEXT"], ["RATING"],
     ["Mathematics"], "PART_TIME", "ACTIVE"),
    ("Rahul", "Verma", "IN", "Pune", "Code review rater (Java, Go)", 30, "EXPERT", "FLUENT",
     [("Hindi", "NATIVE"), ("English", "FLUENT")], ["CODE"], ["RANKING", "RATING"],
     ["Backend services"], "FULL_TIME", "ACTIVE"),
    ("Isabella", "Costa", "PT", "Porto", "Portuguese (EU) translation reviewer", 17,
     "INTERMEDIATE", "FLUENT", [("Portuguese", "NATIVE"), ("English", "FLUENT")], ["TEXT"],
     ["TRANSLATION"], ["Tourism"], "FULL_TIME", "ACTIVE"),
    ("Mehmet", "Yilmaz", "TR", "Istanbul", "Turkish image captioner", 12, "ENTRY_LEVEL",
     "CONVERSATIONAL", [("Turkish", "NATIVE"), ("English", "CONVERSATIONAL")], ["IMAGE"],
     ["CAPTIONING"], ["Fashion"], "PART_TIME", "ACTIVE"),
    ("Sarah", "Cohen", "US", "Austin", "US English voice data collector", 24, "INTERMEDIATE",
     "NATIVE", [("English", "NATIVE"), ("Hebrew", "CONVERSATIONAL")], ["AUDIO"],
     ["RECORDING"], ["Voice assistants"], "FULL_TIME", "ACTIVE"),
    ("Pedro", "Alves", "BR", "Recife", "Portuguese audio segmenter", 10, "ENTRY_LEVEL",
     "BASIC", [("Portuguese", "NATIVE")], ["AUDIO"], ["SEGMENTATION"], ["Music"],
     "FULL_TIME", "SUSPENDED"),
    ("Anna", "Lindqvist", "SE", "Gothenburg", "Nordic languages RLHF rater", 33, "EXPERT",
     "FLUENT", [("Swedish", "NATIVE"), ("Norwegian", "FLUENT"), ("English", "FLUENT")],
     ["TEXT"], ["RANKING"], ["Public sector"], "PART_TIME", "ACTIVE"),
    ("Joseph", "Mwangi", "KE", "Mombasa", "Geospatial imagery labeler", 11, "INTERMEDIATE",
     "FLUENT", [("English", "FLUENT"), ("Swahili", "NATIVE")], ["IMAGE"],
     ["SEGMENTATION", "POLYGON"], ["Agriculture"], "AS_NEEDED", "ACTIVE"),
]


def demo_trainers() -> list[dict[str, Any]]:
    """Operator create bodies (the same shape `POST /api/admin/v1/freelancers` takes)."""
    bodies = []
    for n, row in enumerate(_ROWS):
        (first, last, country, city, title, rate, level, english, languages, data_types,
         labels, subjects, availability, status) = row
        bodies.append(
            {
                "firstName": first,
                "lastName": last,
                "countryCode": country,
                "city": city,
                "title": title,
                "bio": f"{title} based in {city}. Careful, guideline-driven, on time.",
                "hourlyRateUsd": rate,
                "expertiseLevel": level,
                "englishLevel": english,
                "availability": availability,
                "status": status,
                "identityVerified": n % 3 != 2,
                "languages": [{"language": lang, "proficiency": p} for lang, p in languages],
                "skills": {
                    "subjectMatter": subjects,
                    "tags": labels,
                    "software": ["Label Studio"] if n % 2 else ["CVAT"],
                    "dataTypes": data_types,
                    "labelTypes": labels,
                },
                "stats": {
                    "totalEarnedUsd": 400 + 137 * n,
                    "billedHours": 20 + 11 * n,
                    "jobSuccessScore": 80 + n % 20,
                },
                "reviews": [
                    {
                        "id": f"rev-{n}",
                        "rating": 5 if n % 4 else 4,
                        "comment": "Accurate, fast and followed the guidelines.",
                        "createdAt": "2026-05-02T10:00:00.000Z",
                    }
                ]
                if n % 2
                else [],
            }
        )
    return bodies
