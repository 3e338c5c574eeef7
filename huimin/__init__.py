"""huimin: the publishing system of a city rural-revitalization bureau.

The core (models, loaders, validation, measures, page generation) knows nothing of
the site engine; ``huimin.adapters`` holds the thin engine adapters.
"""

__version__ = "0.1.0"
