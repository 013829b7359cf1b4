# Two commands do all the set-up: `make run` and `make test` create .venv on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint format bench bench-polnear bench-html bench-stores bench-speakers bench-relations clean

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

bench-speakers: $(STAMP)
	$(PY) benchmarks/speakers.py --set dev
	$(PY) benchmarks/speakers.py --set dev2
	$(PY) benchmarks/speakers.py --set holdout

bench-relations: $(STAMP)
	$(PY) benchmarks/relations_eval.py --set dev
	$(PY) benchmarks/relations_eval.py --set holdout
	$(PY) benchmarks/relations_eval.py --set blind
	$(PY) benchmarks/relations_precision.py --limit 100 --sample 100

bench: bench-polnear bench-html bench-speakers bench-relations

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis

bench-stores: $(STAMP)
	$(PY) benchmarks/stores.py
