"""The AI interview (decision D30): scripted questions, the rubric, sanitized transcripts."""
