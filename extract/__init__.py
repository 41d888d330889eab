"""German text → sentences → tokens → entities → clauses → statements (plain Python data, no RDF)."""
from geokg.native import activate

activate(__path__)  # the compiled rules, when built from exactly these sources (geokg/native.py)

from geokg.extract.model import Document, EntityRef, Statement

__all__ = ["Document", "EntityRef", "Statement"]
