"""Benchmarks for Utblick (`make bench`): see bench/README.md."""
