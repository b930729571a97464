# Thin wrappers over the `analystlab` CLI. Two commands matter: `make lab` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
CLASSROOM_STAMP := classroom/.installed
# JupyterLab refuses to run as root unless told to; classroom VMs often log in as root.
ROOT_FLAG := $(shell [ "$$(id -u)" = "0" ] && echo --allow-root)
PYTEST_WORKERS ?= 2
# Tools nbgrader calls by name (alembic, jupyter) come from the course environment.
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: lab test venv data verify release start progress lint system-deps benchmarks clean-venv trainee-pack

# The course lab has no nbgrader exchange: its Assignment List and Course List are switched off
# (classroom/jupyter/course-lab); the classroom's trainees get them (classroom/README.md).
lab: $(STAMP)
	$(BIN)/analystlab data verify --warn
	$(BIN)/analystlab workspace
	JUPYTER_CONFIG_PATH="$(CURDIR)/classroom/jupyter/course-lab" \
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" --LabApp.default_url=/lab/tree/my-work/START.ipynb $(ROOT_FLAG) $(LAB_ARGS)

test: $(STAMP) system-deps classroom-deps
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

venv: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit("analystlab needs Python >= 3.11, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	$(BIN)/jupyter labextension list 2>&1 | grep -q nbgrader || echo "warning: the nbgrader JupyterLab extension is not listed"
	touch $(STAMP)

# Debian packages some features need (sandboxed grading, offline-map browser test). Best effort:
# only as root with apt-get available; features without them skip or warn with the reason.
system-deps:
	@sh scripts/install-system-deps.sh

data: $(STAMP)
	$(BIN)/analystlab data build

verify: $(STAMP)
	$(BIN)/analystlab data verify

release: $(STAMP)
	$(BIN)/analystlab release

# Copy a module's exercise into my-work/: `make start MODULE=03` (a number, slug or word: MODULE=telephone).
start: $(STAMP)
	@test -n "$(MODULE)" || { echo 'usage: make start MODULE=03 (number, slug or a word of it; `analystlab modules` lists them)'; exit 2; }
	$(BIN)/analystlab start "$(MODULE)"

progress: $(STAMP)
	$(BIN)/analystlab progress

# The trainee edition (no solutions, answer key, tests or instructor notes): DIR/analystlab-trainee/ and .zip
trainee-pack: $(STAMP)
	@test -n "$(DIR)" || { echo 'usage: make trainee-pack DIR=/path/to/folder'; exit 2; }
	$(BIN)/analystlab trainee-pack "$(DIR)"

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks

# Every measurement in benchmarks/ (notebook time and memory, world build, large call records,
# telephone-scale queries, grading throughput); each prints its figures against the targets.
benchmarks: $(STAMP)
	@status=0; for script in benchmarks/*.py; do echo "== $$script"; $(BIN)/python $$script || status=1; done; exit $$status

clean-venv:
	rm -rf $(VENV)

# Instructor grading (grading/README.md): thin wrappers over `analystlab <command>`; pass options in ARGS.
.PHONY: intake grade feedback export report demo-cohort demo-lab
intake: $(STAMP)
	$(BIN)/analystlab intake $(SOURCE) $(ARGS)

grade: $(STAMP) system-deps
	$(BIN)/analystlab grade $(ARGS)

feedback: $(STAMP)
	$(BIN)/analystlab feedback $(ARGS)

export: $(STAMP)
	$(BIN)/analystlab export $(ARGS)

report: $(STAMP)
	$(BIN)/analystlab report $(ARGS)

demo-cohort: $(STAMP) system-deps
	$(BIN)/analystlab demo-cohort $(ARGS)

# The demo cohort's course in JupyterLab, for its formgrader: the course lab's settings, the demo's folder.
demo-lab: $(STAMP)
	@test -f grading/reports/demo-cohort/nbgrader_config.py || { echo 'no demo course yet: make demo-cohort'; exit 2; }
	cd grading/reports/demo-cohort && JUPYTER_CONFIG_PATH="$(CURDIR)/classroom/jupyter/course-lab" \
	$(CURDIR)/$(BIN)/jupyter lab $(ROOT_FLAG) $(LAB_ARGS)

# The classroom on JupyterHub (classroom/README.md): local accounts, nbgrader's exchange, the
# formgrader as a hub service. As root, on 127.0.0.1:8000; settings in CLASSROOM_ARGS.
.PHONY: classroom classroom-deps classroom-remove
classroom-deps: $(CLASSROOM_STAMP)

$(CLASSROOM_STAMP): $(STAMP) pyproject.toml constraints.txt classroom/package.json classroom/package-lock.json \
		$(wildcard $(shell git ls-files src classroom/jupyter 2>/dev/null))
	sh scripts/install-classroom.sh
	touch $(CLASSROOM_STAMP)

classroom: $(CLASSROOM_STAMP) system-deps
	$(BIN)/python -m analystlab.classroom up $(CLASSROOM_ARGS)

# Deletes the classroom's accounts, their homes (trainees' work included) and its folder.
classroom-remove:
	$(BIN)/python -m analystlab.classroom remove $(CLASSROOM_ARGS)
