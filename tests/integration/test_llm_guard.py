"""The LLM composer is kept honest by the verifier: scripted chat models, real library."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from assistant.chain import Answerer
from assistant.config import load_settings

QUESTION = "How many arrests did Liberterra II make?"


class ScriptedModel(GenericFakeChatModel):
    """A chat model that replies from a script and records the prompts it was sent."""

    prompts: list[str] = []

    def invoke(self, messages, *args, **kwargs):  # type: ignore[no-untyped-def, override]
        self.prompts.append(str(messages[-1].content))
        return super().invoke(messages, *args, **kwargs)


class BrokenModel:
    def invoke(self, *args: object, **kwargs: object) -> AIMessage:
        raise ConnectionError("server went away")


@pytest.fixture
def answerer_with(brief: Callable[..., Path], tmp_path: Path) -> Callable[[object], Answerer]:
    settings = load_settings(index=tmp_path / "index", llm="none")
    base = Answerer(settings)
    list(base.library.ingest([str(brief())], progress=False))

    def make(model: object) -> Answerer:
        return Answerer(settings, base.library, chat_model=model)

    return make


def scripted(reply: str) -> ScriptedModel:
    return ScriptedModel(messages=iter([AIMessage(content=reply)]), prompts=[])


def test_a_verified_model_answer_is_kept_and_sees_numbered_evidence(answerer_with) -> None:  # type: ignore[no-untyped-def]
    model = scripted("Liberterra II led to 2,517 arrests [1].")
    answer = answerer_with(model).ask(QUESTION, engine="llm")
    assert answer.engine == "llm"
    assert "2,517" in answer.answer and all(f.verified for f in answer.figures)
    assert model.prompts and "[1] (" in model.prompts[0] and QUESTION in model.prompts[0]


@pytest.mark.parametrize("reply", [
    "Liberterra II led to 2,500 arrests [1].",   # a figure the evidence does not hold
    "Liberterra II made many arrests [1].",       # no figure for a how-many question
    "Liberterra II led to 2,517 arrests.",        # no citation
    "In 2024, three were detained [1].",          # only a year: not a count
])
def test_an_unverified_model_answer_falls_back(answerer_with, reply: str) -> None:  # type: ignore[no-untyped-def]
    answer = answerer_with(scripted(reply)).ask(QUESTION, engine="llm")
    assert answer.engine == "extractive-fallback"
    assert "2,517" in answer.answer and all(f.verified for f in answer.figures)


def test_a_failing_backend_keeps_the_extractive_answer(answerer_with) -> None:  # type: ignore[no-untyped-def]
    answer = answerer_with(BrokenModel()).ask(QUESTION, engine="llm")
    assert answer.engine == "extractive-fallback" and "2,517" in answer.answer
