"""`geokg explain`: tokens with tags and lemmas, entities, clauses and statements of a text, for debugging rules."""
from __future__ import annotations

from datetime import datetime

from spacy.language import Language
from spacy.tokens import Doc

from geokg.extract.clauses import clauses
from geokg.extract.ents import frozen_ents
from geokg.extract.model import Document
from geokg.extract.normalize import normalize
from geokg.extract.pipeline import analyse
from geokg.extract.reader import clean, document_id, issued_of
from geokg.extract.relations import subject_phrase


def explain(text: str, nlp: Language | None = None, issued: datetime | None = None) -> str:
    """A readable report of how the pipeline analyses `text` (read and normalized as a build reads a file).

    The text is dated as a build dates a file (its `Stand:` line, an agency stamp), else by `issued`;
    without either it is undated, and only absolute dates resolve.
    """
    text = clean(text)
    issued = issued_of(normalize(text).text) or issued
    document = Document(document_id(text), text, "explain", "explain", issued)
    docs = list(analyse(document, nlp))  # the text is read once: what is shown is what states the statements
    lines = [f"date: {issued.date().isoformat() if issued is not None else 'undated'}", "tokens:"]
    lines += [f"  {t.i:>3} {t.text:<22} {t.tag_:<7} {t.pos_:<6} {t.lemma_}" for doc in docs for t in doc
              if not t.is_space]
    lines.append("entities:")
    for ent in (ent for doc in docs for ent in doc.ents):
        ref = ent._.entity
        lines.append(f"  {ent.text!r} {ent.label_} → {ref.name if ref else '?'} [{ent.kb_id_ or '-'}]")
    for doc in docs:
        with frozen_ents(doc):  # as the statement component reads it
            lines += _clause_lines(doc)
    lines.append("statements:")
    for st in document.statements:
        extra = [f"modality={st.modality}"]
        if st.attributed_to:
            extra.append(f"source={st.attributed_to.name}")
        if st.event_date:
            extra.append(f"date={st.event_date}")
        if st.location:
            extra.append(f"at={st.location.name}")
        if st.instrument:
            extra.append(f"with={st.instrument.name}")
        lines.append(f"  {st.subject.name} --{'not ' if st.negated else ''}{st.relation}--> "
                     f"{st.object.name}  [{st.rule}] {' '.join(extra)}")
    return "\n".join(lines) + "\n"


def _clause_lines(doc: Doc) -> list[str]:
    """Each sentence of `doc` with its clauses and their phrases, as `explain` prints them."""
    lines = []
    for sent in doc.sents:
        if not sent.text.strip():
            continue
        lines.append(f"sentence: {sent.text.strip()}")
        for cl in clauses(sent):
            subj = subject_phrase(cl)
            lines.append(f"  clause [{cl.start}:{cl.end}] lemma={cl.lemma or '-'} passive={cl.passive} "
                         f"negated={cl.negated} modality={cl.modality} subordinate={cl.subordinate} "
                         f"subject={subj.text(sent) if subj else '-'}")
            for ph in cl.phrases:
                gen = f" gen=({ph.genitive.text(sent)})" if ph.genitive else ""
                conj = f" +{[c.text(sent) for c in ph.conjuncts]}" if ph.conjuncts else ""
                lines.append(f"    phrase {ph.text(sent)!r} prep={ph.prep} cases={sorted(ph.cases)}"
                             f" entity={ph.entity.name if ph.entity else '-'}{gen}{conj}")
    return lines
