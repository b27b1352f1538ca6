"""Several users at once: one Answerer shared by threads gives each the same verified answer."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from assistant.chain import Answerer
from assistant.ingest.library import Library

QUESTIONS = {
    "How many arrests did Liberterra II make?": "2,517",
    "How many bank accounts did First Light 2024 freeze?": "6,745",
    "How many arrests did Operation Serengeti make?": "1,006",
}


def test_concurrent_questions_get_their_own_answers(corpus_library: Library) -> None:
    answerer = Answerer(corpus_library.settings, corpus_library)
    jobs = list(QUESTIONS) * 6
    with ThreadPoolExecutor(max_workers=6) as pool:
        answers = list(pool.map(answerer.ask, jobs))
    for question, answer in zip(jobs, answers, strict=True):
        assert QUESTIONS[question] in answer.answer, (question, answer.answer)
        assert answer.figures and all(f.verified for f in answer.figures)
