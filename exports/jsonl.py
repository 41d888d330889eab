"""statements.jsonl: one JSON object per extracted statement, in document and text order."""
from __future__ import annotations

import json
from pathlib import Path

from geokg.exports import Bundle


def write_jsonl(bundle: Bundle, path: Path) -> None:
    """Write one line per statement with subject, relation, object, negation, modality, source, offsets.

    Dates stay apart: `event_date` is when the statement's sentence says it happened, `document_date`
    when its document was published (dcterms:issued); either is null when unknown (undated).
    """
    with path.open("w", encoding="utf-8") as fh:
        for document in bundle.documents:
            published = document.issued.date().isoformat() if document.issued is not None else None
            for st in document.statements:
                record = st.to_json()
                record["document_date"] = published
                fh.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
