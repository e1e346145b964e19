# hwgen: every target runs set-up first (npm packages; verilator, iverilog, yosys via apt-get when missing).
SHELL := /bin/bash
TSX := node --import tsx
N ?= 1000
SEED ?= 1

.PHONY: setup test typecheck demo rtl lint-rtl bench fuzz badinput clean

setup:
	@bash scripts/setup.sh

typecheck: setup
	npx tsc --noEmit

test: setup typecheck
	npx vitest run

rtl: setup
	$(TSX) cli/hwgen.ts rtl --out rtl-out

lint-rtl: setup
	$(TSX) cli/hwgen.ts lint rtl-out

demo: setup
	$(TSX) cli/hwgen.ts demo --out rtl-out
	@# the report of whatever bench JSON there is; the FFT bench (golden model only, seconds) when there is none of it
	@[ -f bench-out/fft.json ] || $(TSX) cli/hwgen.ts bench fft > /dev/null
	$(TSX) cli/hwgen.ts report --bench-out bench-out --out report-out

bench: setup
	@mkdir -p bench-out
	$(TSX) bench/elab.ts
	$(TSX) bench/sim.ts
	$(TSX) bench/dense.ts
	$(TSX) bench/zas.ts
	$(TSX) bench/linac.ts
	$(TSX) bench/quant.ts
	$(TSX) bench/svd.ts
	$(TSX) bench/insram.ts
	$(TSX) bench/crossbar.ts
	$(TSX) bench/fft.ts
	$(TSX) bench/fda.ts
	$(TSX) bench/network.ts
	$(TSX) bench/ppa.ts

fuzz: setup
	$(TSX) sim/fuzz/cli.ts --n $(N) --seed $(SEED)

badinput: setup
	@mkdir -p bench-out
	$(TSX) sim/fuzz/badinput-cli.ts --n $(N) --seed $(SEED) --json bench-out/badinput.json

clean:
	rm -rf rtl-out/*/ bench-out fuzz-out .cache ppa-out report-out
