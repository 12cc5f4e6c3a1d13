"""Filter fields shared by the apps' list pages."""

import django_filters

from .parsing import ControlCharactersValidator

# Nobody searches with more; SQLite refuses a LIKE pattern past 50,000 characters (a 500).
SEARCH_MAX_LENGTH = 200


class SearchFilter(django_filters.CharFilter):
    """A list's free-text search box: at most SEARCH_MAX_LENGTH characters and no control
    characters. A search breaking either rule is left out, as an empty one would be."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", SEARCH_MAX_LENGTH)
        kwargs.setdefault("validators", [ControlCharactersValidator()])
        super().__init__(*args, **kwargs)
