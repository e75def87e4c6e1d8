PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[dev,zoo,plot,lightning,hf,tune]'
	touch $(STAMP)

demo: $(STAMP)
	-$(BIN)/dropsurgeon lint examples/buggy_mlp.py
	@echo "(exit code 1 above is expected: the example is buggy on purpose)"
	$(BIN)/dropsurgeon inspect examples/buggy_mlp.py:BuggyMLP

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q -p no:cacheprovider

clean:
	rm -rf $(VENV) build *.egg-info
