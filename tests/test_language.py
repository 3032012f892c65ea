"""Language detection: the rule backend reads English; a document with no sign of English gets a warning."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from claimex.cli import app
from claimex.language import english_share, looks_english, not_english_warning
from claimex.models import Document

# Made-up paragraphs of news prose (none is a real article).
ENGLISH = (
    "The minister said on Tuesday that the new rules would come into force next spring, and that "
    "councils which had not yet published their plans were expected to do so within weeks. Critics "
    "of the scheme told reporters it was rushed and that its costs had never been set out in detail."
)
FRENCH = (
    "La ministre a déclaré mardi que les nouvelles règles entreraient en vigueur au printemps prochain, "
    "et que les communes qui n'avaient pas encore publié leurs plans devraient le faire dans les semaines "
    "à venir. Les opposants au projet ont dit aux journalistes qu'il était précipité et que son coût "
    "n'avait jamais été détaillé."
)
GERMAN = (
    "Die Ministerin sagte am Dienstag, die neuen Regeln würden im kommenden Frühjahr in Kraft treten, "
    "und Gemeinden, die ihre Pläne noch nicht veröffentlicht hätten, müssten dies in den nächsten Wochen "
    "tun. Kritiker des Vorhabens sagten, es sei überhastet, und was es koste, sei also nie genau erklärt worden."
)
SPANISH = (
    "La ministra dijo el martes que las nuevas normas entrarían en vigor la próxima primavera, y que los "
    "ayuntamientos que aún no habían publicado sus planes deberían hacerlo en las próximas semanas. Los "
    "críticos del proyecto dijeron a los periodistas que era precipitado y que su coste nunca se había detallado."
)

ITALIAN = (
    "La ministra ha detto martedì che le nuove regole entreranno in vigore la prossima primavera, e che i "
    "comuni che non avevano ancora pubblicato i loro piani dovrebbero farlo nelle prossime settimane."
)
DUTCH = (
    "De minister zei dinsdag dat de nieuwe regels volgend voorjaar van kracht worden, en dat gemeenten die "
    "hun plannen nog niet hadden gepubliceerd dat binnen enkele weken moeten doen. Critici zeiden dat het overhaast is."
)


def test_english_reads_as_english_and_other_languages_do_not():
    assert looks_english(ENGLISH)
    for text in (FRENCH, GERMAN, SPANISH, ITALIAN, DUTCH):
        n, share = english_share(text)
        assert n >= 20 and share < 0.03, (text[:20], share)
        assert not looks_english(text)


def test_mixed_text_with_real_english_counts_as_english():
    assert looks_english(FRENCH + " " + ENGLISH)  # a bilingual article: the rules have English to read
    assert looks_english(ENGLISH + " " + GERMAN)
    # A French article quoting three English words is still not English.
    assert not looks_english(FRENCH + ' Il a ajouté : "Fake news, folks."')


def test_short_texts_never_warn():
    assert looks_english("")
    assert looks_english("Die Ministerin sagte am Dienstag nichts.")
    assert looks_english("12345 — 2026-11-30")
    assert looks_english(" ".join(FRENCH.split()[:19]))  # 19 words: too few to judge
    assert not looks_english(" ".join(FRENCH.split()[:25]))


def test_english_with_names_numbers_and_markup_still_reads_as_english():
    text = (
        "<p>Ms Kowalczyk, 54, of Łódź, said the £3.2bn plan was \u201cnot what they promised\u201d and that "
        "Hernández-García and O'Brien had told her the vote would be on 12/03.</p>"
    )
    assert looks_english(text)


def test_warning_record_for_the_runner():
    doc = Document(doc_id="fr-1", text=FRENCH, path="in/articles.jsonl", line=7)
    rec = not_english_warning(doc)
    assert rec is not None
    assert (rec.path, rec.line, rec.doc_id, rec.stage, rec.error) == (
        "in/articles.jsonl",
        7,
        "fr-1",
        "ingest",
        "NotEnglish",
    )
    assert "rule backend reads English" in rec.message and "LLM backend" in rec.message
    # (stderr prefixes `warning: `, so the message does not say it again)
    assert rec.one_line().startswith("in/articles.jsonl:7: ingest: NotEnglish: no sign of English")
    assert not_english_warning(Document(doc_id="en", text=ENGLISH, path="x.txt")) is None
    assert not_english_warning(Document(doc_id="short", text="Bonjour à tous.", path="x.txt")) is None


def test_deterministic_and_reads_only_the_start_whatever_the_length():
    # Cost does not grow with the document: only its start is read (its speed is in benchmarks, not here).
    docs = [ENGLISH * 400, FRENCH * 400, GERMAN * 400, SPANISH * 400]
    assert [looks_english(d) for d in docs] == [looks_english(d) for d in docs] == [True, False, False, False]
    assert looks_english(ENGLISH * 20 + FRENCH * 10_000)
    assert not looks_english(FRENCH * 20 + ENGLISH * 10_000)


def test_cli_extract_warns_about_a_french_article_and_still_exits_0(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "fr.txt").write_text(FRENCH + "\n\n" + FRENCH, encoding="utf-8")
    (src / "en.txt").write_text(ENGLISH + '\n\nShe said: "We will publish the plans next week."\n', encoding="utf-8")
    res = CliRunner().invoke(app, ["extract", str(src), "--out", str(tmp_path / "out"), "--backend", "rules", "-q"])
    assert res.exit_code == 0, res.output  # a warning, not a failure
    assert "NotEnglish" in res.stderr and "fr.txt" in res.stderr and "en.txt" not in res.stderr
    (line,) = (tmp_path / "out" / "errors.jsonl").read_text(encoding="utf-8").splitlines()
    rec = json.loads(line)
    assert (rec["doc_id"], rec["stage"], rec["error"], rec["level"]) == ("fr", "ingest", "NotEnglish", "warning")
    run = json.loads((tmp_path / "out" / "run.json").read_text(encoding="utf-8"))
    assert run["documents"] == {"read": 2, "ok": 2, "failed": 0} and run["warnings"] == 1
