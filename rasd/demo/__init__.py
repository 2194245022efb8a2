"""Bundled demo corpus written by the rasd team."""
