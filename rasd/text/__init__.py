"""The Arabic text layer: normalisation, sentences, tokens, numbers, dates (pure functions)."""
