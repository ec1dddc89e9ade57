# Two commands set everything up on a fresh machine:
#   make run    install everything, build the sample consultation project, open the app on it
#   make test   install everything and run the tests
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test install demo bench lint bundle clean check-libs

$(STAMP): requirements/app.txt requirements/bertopic.txt requirements/dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -r requirements/app.txt -r requirements/dev.txt
	$(BIN)/pip install --quiet --no-deps -r requirements/bertopic.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

# on Linux, the system libraries Qt needs (see the README); a clear message if any is missing
check-libs:
	@$(PYTHON) consult_analyser/ui/desktop_check.py

run: check-libs $(STAMP)
	$(BIN)/consult-analyser gui --sample

demo: $(STAMP)
	$(BIN)/consult-analyser demo sample.consult --force

test: lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

# ruff (style and bugs), mypy (types) and import-linter (the layer contracts in pyproject.toml)
lint: $(STAMP)
	$(BIN)/ruff check consult_analyser tests benchmarks
	$(BIN)/mypy consult_analyser
	$(BIN)/lint-imports

# Benchmarks that compare with BERTopic's defaults need torch, sentence-transformers, UMAP and HDBSCAN.
bench-install: $(STAMP)
	$(BIN)/pip install --quiet -r requirements/bench.txt

bundle: $(STAMP)
	$(BIN)/python build_spec/build.py

clean:
	rm -rf build dist *.egg-info
