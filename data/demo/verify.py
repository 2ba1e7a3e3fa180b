#!/usr/bin/env python3
"""Checks the demo dataset (train.tsv, dev.tsv) and prints its counts.

Run from anywhere: python3 data/demo/verify.py. Exits non-zero on the first broken rule.
Standard library only.
"""
import re
import sys
from pathlib import Path

HEADER = ["id", "qid1", "qid2", "question1", "question2", "is_duplicate"]
HERE = Path(__file__).resolve().parent


def fail(message: str) -> None:
    sys.exit(f"FAIL: {message}")


def read(name: str) -> list[list[str]]:
    raw = (HERE / name).read_bytes()
    text = raw.decode("utf-8")  # raises on invalid UTF-8
    if "\r" in text:
        fail(f"{name}: carriage return found (LF line endings only)")
    lines = text.split("\n")
    if lines[-1] != "":
        fail(f"{name}: no newline at the end of the file")
    lines = lines[:-1]
    if lines[0].split("\t") != HEADER:
        fail(f"{name}: header is {lines[0]!r}")
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        cells = line.split("\t")
        if len(cells) != 6:
            fail(f"{name}:{number}: {len(cells)} columns")
        rid, q1id, q2id, q1, q2, label = cells
        if label not in ("0", "1"):
            fail(f"{name}:{number}: label {label!r}")
        for value in (rid, q1id, q2id):
            if not value.isdigit():
                fail(f"{name}:{number}: id {value!r} is not a number")
        for q in (q1, q2):
            if not q.strip() or q != q.strip():
                fail(f"{name}:{number}: empty question or stray spaces: {q!r}")
            if not q.endswith("?"):
                fail(f"{name}:{number}: question does not end with '?': {q!r}")
        if q1 == q2:
            fail(f"{name}:{number}: both questions are the same text")
        rows.append(cells)
    return rows


def words(q: str) -> set[str]:
    return set(re.findall(r"[a-z0-9']+", q.lower()))


def main() -> None:
    splits = {name: read(name) for name in ("train.tsv", "dev.tsv")}

    # Ids: row ids unique; one qid per question text and one text per qid, across both files.
    row_ids, text_of, qid_of = set(), {}, {}
    for name, rows in splits.items():
        for rid, q1id, q2id, q1, q2, _ in rows:
            if rid in row_ids:
                fail(f"{name}: row id {rid} used twice")
            row_ids.add(rid)
            for qid, text in ((q1id, q1), (q2id, q2)):
                if text_of.setdefault(qid, text) != text:
                    fail(f"qid {qid} names two texts: {text_of[qid]!r} and {text!r}")
                if qid_of.setdefault(text, qid) != qid:
                    fail(f"{text!r} has two qids: {qid_of[text]} and {qid}")

    # No pair twice (in either order), no pair or question in both splits.
    pair_sets, question_sets = {}, {}
    for name, rows in splits.items():
        pairs = [frozenset((r[3], r[4])) for r in rows]
        if len(set(pairs)) != len(pairs):
            fail(f"{name}: a pair appears twice")
        pair_sets[name] = set(pairs)
        question_sets[name] = {q for r in rows for q in (r[3], r[4])}
    if pair_sets["train.tsv"] & pair_sets["dev.tsv"]:
        fail("a pair is in both train and dev")
    shared = question_sets["train.tsv"] & question_sets["dev.tsv"]
    if shared:
        fail(f"{len(shared)} questions are in both train and dev, e.g. {sorted(shared)[0]!r}")

    for name, rows in splits.items():
        total = len(rows)
        positives = sum(r[5] == "1" for r in rows)
        rate = positives / total
        if not 0.35 <= rate <= 0.40:
            fail(f"{name}: duplicate rate {rate:.3f} is outside 35-40 %")
        # Duplicates should be paraphrases, not copies: report the most similar positive pair.
        overlap = max(
            len(words(r[3]) & words(r[4])) / len(words(r[3]) | words(r[4])) for r in rows if r[5] == "1"
        )
        # Hard negatives: non-duplicates whose questions share at least half of their words.
        hard = sum(
            len(words(r[3]) & words(r[4])) >= 0.5 * len(words(r[3]) | words(r[4])) for r in rows if r[5] == "0"
        )
        print(
            f"{name}: {total} pairs, {positives} duplicates ({100 * rate:.1f} %), "
            f"{total - positives} non-duplicates ({hard} sharing at least half of their words), "
            f"{len(question_sets[name])} distinct questions, "
            f"highest word overlap in a duplicate pair {overlap:.2f}"
        )
    print("OK")


if __name__ == "__main__":
    main()
