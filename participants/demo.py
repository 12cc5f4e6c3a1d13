def seed(*, password: str):
    return []
