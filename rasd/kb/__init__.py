"""The knowledge base: data files with provenance, validated loaders, compiled indexes."""
