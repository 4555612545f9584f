# Regiekamer — the two set-up commands of the README are `make demo` and `make test`.
UV ?= $(shell command -v uv 2>/dev/null)
ifeq ($(UV),)
UV := python3 -m uv
endif

.PHONY: demo test lint typecheck bench setup assets

VENDOR := src/regiekamer/web/static/vendor

setup: $(VENDOR)/utrecht.css
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	$(UV) sync --frozen

# NL Design System CSS (pinned in package-lock.json), installed from npm at build time, never committed
assets: $(VENDOR)/utrecht.css
$(VENDOR)/utrecht.css: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p $(VENDOR)
	cp node_modules/@utrecht/component-library-css/dist/index.css $(VENDOR)/utrecht.css
	cp node_modules/@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css $(VENDOR)/voorbeeld-theme.css

demo: setup
	$(UV) run regiekamer demo

test: setup
	$(UV) run ruff check src tests scripts benchmarks
	$(UV) run mypy
	$(UV) run pytest -n 2

# Benchmarks are not tests: they write their figures to bench-out/ (and, with --docs, to docs/benchmarks.md).
bench: setup
	$(UV) run python benchmarks/bench_ingest.py --n 20000
	$(UV) run python benchmarks/bench_generator.py
	$(UV) run python benchmarks/bench_paden.py --out bench-out/paden.jsonl
	test -f regiekamer-demo/regiekamer.duckdb || $(UV) run regiekamer demo --niet-serveren
	$(UV) run python benchmarks/bench_indicatoren.py --opslag regiekamer-demo --out bench-out/indicatoren.jsonl
