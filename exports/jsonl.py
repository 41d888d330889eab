"""statements.jsonl: one JSON object per extracted statement, in document and text order."""
from __future__ import annotations

import json
from pathlib import Path

from geokg.exports import Bundle


def write_jsonl(bundle: Bundle, path: Path) -> None:
    """Write one line per statement with subject, relation, object, negation, modality, source, offsets."""
    with path.open("w", encoding="utf-8") as fh:
        for document in bundle.documents:
            for st in document.statements:
                fh.write(json.dumps(st.to_json(), ensure_ascii=False, sort_keys=True) + "\n")
