"""German text → sentences → tokens → entities → clauses → statements (plain Python data, no RDF)."""
from geokg.extract.model import Document, EntityRef, Statement

__all__ = ["Document", "EntityRef", "Statement"]
