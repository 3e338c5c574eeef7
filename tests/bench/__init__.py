"""Benchmark: a synthetic 2,000-page corpus built with huimin and with bare mkdocs-material."""
