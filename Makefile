# 惠民 huimin —— 两条命令：make demo（安装并生成示例网站）、make test（安装并运行全部测试）。
# 在只有 Python 3.11 的全新 Debian 上可直接运行：缺少的系统软件包用 apt-get 安装（需要 root）。

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SYSTEM_STAMP := $(VENV)/.system-packages
APT_PACKAGES := chromium fonts-noto-cjk fonts-arphic-ukai poppler-utils zbar-tools

.PHONY: demo test fuzz bench serve check clean system venv

demo: venv
	$(BIN)/huimin build
	@echo "预览：$(BIN)/huimin serve  （然后打开 http://127.0.0.1:8000/）"

test: venv
	$(BIN)/python -m pytest -q

# The fuzz suite with over 10,000 mutated inputs (make test runs ~150 of them): see README, 测试与性能.
fuzz: venv
	$(BIN)/python -m tests.fuzz.run

bench: venv
	$(BIN)/python -m tests.bench.run
	$(BIN)/python -m tests.bench.cards --households $${CARDS_HOUSEHOLDS:-100000}

serve: venv
	$(BIN)/huimin serve

check: venv
	$(BIN)/huimin check

# System packages: Chromium (browser tests, screenshots), CJK fonts, pdftotext.
system: $(SYSTEM_STAMP)
$(SYSTEM_STAMP):
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "安装系统软件包：$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@mkdir -p $(VENV) && touch $@

venv: system $(STAMP)
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

clean:
	rm -rf site_build .site_build.* $(VENV)
