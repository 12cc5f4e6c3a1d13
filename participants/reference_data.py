BARRIERS = [
    ("addiction", "Dépendance", "Addiction"),
    ("mental-health", "Santé mentale", "Mental health"),
    ("justice-record", "Judiciarisation", "Justice record"),
    ("no-work-history", "Peu ou pas d'expérience de travail", "Little or no work history"),
    ("housing", "Instabilité résidentielle", "Housing instability"),
    ("literacy", "Difficultés en littératie", "Literacy difficulties"),
    ("disability", "Handicap ou limitation", "Disability or limitation"),
    ("single-parent", "Monoparentalité", "Single parent"),
    ("language", "Maîtrise du français", "French language skills"),
    ("social-isolation", "Isolement social", "Social isolation"),
]


def seed_barriers(Barrier):
    for code, fr, en in BARRIERS:
        Barrier.objects.update_or_create(code=code, defaults={"name_fr": fr, "name_en": en})
