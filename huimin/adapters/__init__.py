"""Site-engine adapters. Only this package imports a site engine (MkDocs today)."""
