# Two commands do all the set-up: `make run` and `make test` create .venv on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint format bench bench-polnear bench-html bench-stores clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/kg build seeds/ --out exports/

test: $(STAMP)
	$(VENV)/bin/ruff check graph tests benchmarks
	$(VENV)/bin/ruff format --check graph tests benchmarks
	$(PY) -m graph.tools.gen_vocab --check
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check graph tests benchmarks

format: $(STAMP)
	$(VENV)/bin/ruff format graph tests benchmarks
	$(VENV)/bin/ruff check --fix graph tests benchmarks

bench-polnear: $(STAMP)
	$(PY) benchmarks/polnear.py

bench-html: $(STAMP)
	$(PY) benchmarks/html_render.py

bench: bench-polnear bench-html

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis

bench-stores: $(STAMP)
	$(PY) benchmarks/stores.py
