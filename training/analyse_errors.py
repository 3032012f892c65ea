"""Error breakdown of a run against gold, by class (prints counts only, no corpus text).

    python training/analyse_errors.py GOLD.jsonl RUN/claims.jsonl [SCORE_PY]

Aligns predictions to gold as score.py does (overlap of the shorter >= 0.5 over
word tokens, greedy by jaccard) and reports: predictions and matches per rule
family (`learned.*` vs the rules), speaker accuracy per family, missed gold by
quote type and by cue word, spurious predictions by cue word, and the named-gold speaker
errors by class (`speaker_error_class`: what was predicted, where the gold source stands, whether
the cue is the gold's).
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from train_attribution import Toks, aligned, read  # noqa: E402


def _score_module(path: str):
    spec = importlib.util.spec_from_file_location("score", path)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def speaker_error_class(score, pred: dict, gold_item: dict, gold_items: list[dict]) -> tuple[str, str, str]:
    """The class of a wrong speaker for a gold item with a named source (`score`: score.py's module;
    `pred`: {"spk": the scored speaker, "text": the speaker phrase, "cue"}): what was predicted (`null`,
    `pronoun`, `name-not-phrase`: the phrase shares a word with the gold source but its resolved name
    does not, `other-phrase`), where the gold source stands (`nested`: inside another gold item's
    content, `after-cue`, `after-content`, `before`), and whether the predicted cue shares a word
    with the gold cue (`same-cue` / `other-cue`: the mention matched a gold item of another frame)."""
    src, text = gold_item["source"], pred.get("text")
    want = set(score.speaker_tokens(src["text"]))
    if not text:
        what = "null"
    elif want & set(score.speaker_tokens(text)):
        what = "name-not-phrase"
    elif set(score.speaker_tokens(text)) <= score.PRONOUNS:
        what = "pronoun"
    else:
        what = "other-phrase"
    cue = gold_item.get("cue")
    if any(o is not gold_item and o["content"]["start"] <= src["start"] < o["content"]["end"] for o in gold_items):
        where = "nested"
    elif cue is not None and src["start"] > cue["start"]:
        where = "after-cue"
    elif src["start"] >= gold_item["content"]["end"]:
        where = "after-content"
    else:
        where = "before"
    same = bool(cue and score.cue_tokens(pred.get("cue") or "") & score.cue_tokens(cue["text"]))
    return what, where, "same-cue" if same else "other-cue"


def main() -> None:
    gold_path, run_path = sys.argv[1], sys.argv[2]
    # Default: the shared data beside the project checkout (`../shared`, as the Makefile's SHARED).
    default_scorer = Path(__file__).resolve().parents[2] / "shared" / "eval" / "score.py"
    score = _score_module(sys.argv[3] if len(sys.argv) > 3 else str(default_scorer))
    gold = {a["doc_id"]: a for a in read(Path(gold_path))}
    preds: dict[str, list[dict]] = defaultdict(list)
    with open(run_path, encoding="utf-8") as fh:
        for line in fh:
            c = json.loads(line)
            for m in c["mentions"]:
                preds[m["doc_id"]].append(
                    {
                        "s": m["start"],
                        "e": m["end"],
                        "rule": (m.get("rule") or "rules").split(".")[0]
                        + ("." + m["rule"].split(".")[1] if (m.get("rule") or "").startswith("learned") else ""),
                        "spk": (c.get("speaker") or {}).get("name") or m.get("speaker_text"),
                        "text": m.get("speaker_text"),
                        "cue": (m.get("cue") or "").lower(),
                    }
                )
    fam_n: Counter[str] = Counter()
    fam_tp: Counter[str] = Counter()
    fam_spk: Counter[str] = Counter()
    fam_named: Counter[str] = Counter()
    fam_named_ok: Counter[str] = Counter()
    missed_qt: Counter[str] = Counter()
    gold_qt: Counter[str] = Counter()
    missed_cue: Counter[str] = Counter()
    spurious_cue: Counter[str] = Counter()
    named_errors: Counter[tuple[str, str, str]] = Counter()
    for doc_id, a in gold.items():
        text = a["text"]
        toks = Toks(text)
        gs = a["attributions"]
        gt = []
        for g in gs:
            t: set[int] = set()
            for sp in g["content"]["spans"]:
                t |= toks.of(sp["start"], sp["end"])
            gt.append(t)
        ps = preds.get(doc_id, [])
        up = aligned([toks.of(p["s"], p["e"]) for p in ps], gt)
        ug = set(up.values())
        for pi, pred in enumerate(ps):
            fam_n[pred["rule"]] += 1
            if pi not in up:
                spurious_cue[pred["rule"] + ":" + (pred["cue"].split() or ["-"])[0]] += 1
                continue
            fam_tp[pred["rule"]] += 1
            gold_item = gs[up[pi]]
            src = gold_item.get("source")
            if src is None or gold_item.get("implicit_source"):
                ok = score.is_null_speaker(pred["spk"] or "")
            else:
                ok = bool(set(score.speaker_tokens(pred["spk"] or "")) & set(score.speaker_tokens(src["text"])))
                if not score.is_pronoun_source(src):
                    fam_named[pred["rule"]] += 1
                    fam_named_ok[pred["rule"]] += ok
                    if not ok:
                        named_errors[speaker_error_class(score, pred, gold_item, gs)] += 1
            fam_spk[pred["rule"]] += ok
        for gi, gold_item in enumerate(gs):
            gold_qt[gold_item["quote_type"]] += 1
            if gi not in ug:
                missed_qt[gold_item["quote_type"]] += 1
                cue = gold_item.get("cue")
                w = cue["text"].split()[0].lower() if cue and cue.get("text") else "-"
                missed_cue[gold_item["quote_type"] + ":" + w] += 1
    print("family      pred    tp  prec  spk_acc  named_acc")
    for f in sorted(fam_n):
        print(
            f"{f:10s} {fam_n[f]:5d} {fam_tp[f]:5d} {fam_tp[f] / fam_n[f]:.3f}  {fam_spk[f] / max(1, fam_tp[f]):.3f}"
            f"    {fam_named_ok[f] / max(1, fam_named[f]):.3f} (n={fam_named[f]})"
        )
    print("missed gold by quote type:", {k: f"{missed_qt[k]}/{gold_qt[k]}" for k in sorted(gold_qt)})
    print("missed gold by cue word (top 40):", missed_cue.most_common(40))
    print("spurious by family:cue (top 40):", spurious_cue.most_common(40))
    print(f"named-gold speaker errors ({sum(named_errors.values())}) by predicted, gold source place, cue:")
    for (what, where, cue), n in named_errors.most_common():
        print(f"  {n:5d}  {what:15s} {where:13s} {cue}")


if __name__ == "__main__":
    main()
