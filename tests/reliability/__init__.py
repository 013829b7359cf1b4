"""The reliability catalog (../shared/RELIABILITY.md §3) as tests, one module per layer."""
