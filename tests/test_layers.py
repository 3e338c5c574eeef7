"""The package's folders are the pipeline's steps, and each imports only the steps below it.

    model  <  read, output  <  rules  <  print  <  site  <  adapters  <  commands

``model`` holds the pydantic models, field types and errors (no file I/O); ``read`` turns
files into models; ``output`` guards where commands write; ``rules`` are pure functions over
models; ``print`` typesets PDFs; ``site`` produces the pages (and offers print's PDFs for
download); ``adapters`` is the only code that imports MkDocs; the commands (``cli``,
``build``, ``skeleton`` and the ``commands/`` folder, one module per command) may import anything.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import REPO

ALLOWED = {
    "model": set(),
    "read": {"model"},
    "output": {"model"},
    "rules": {"model"},
    "print": {"model", "read", "rules", "output"},
    "site": {"model", "read", "rules", "print"},
    "adapters": {"model", "read", "rules", "print", "site", "output"},
}
COMMANDS = {"cli", "build", "skeleton", "commands", "__init__", "__main__"}
ENGINE = ("mkdocs", "material")  # the site engine: adapters only


def imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every import in a module, nested and deferred ones included."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                raise AssertionError(f"{path}:{node.lineno}: relative import; write huimin.<layer>.<module>")
            found += [(node.lineno, node.module or "")]
    return found


def layer_violations(package: Path) -> list[str]:
    """Every import of ``package`` (a huimin tree) that goes up or sideways, as file:line."""
    wrong = []
    for path in sorted(package.rglob("*.py")):
        rel = path.relative_to(package)
        layer = rel.parts[0] if len(rel.parts) > 1 else rel.stem
        if layer in COMMANDS:
            continue
        if layer not in ALLOWED:
            wrong.append(f"{package.name}/{rel.as_posix()}: 不在任何一层中（{', '.join(ALLOWED)}）")
            continue
        for line, module in imports(path):
            parts = module.split(".")
            if parts[0] in ENGINE and layer != "adapters":
                wrong.append(f"{package.name}/{rel.as_posix()}:{line}: {layer} 引用了网站引擎 {module}（只有 adapters 可以）")
            if parts[0] != "huimin":
                continue
            target = parts[1] if len(parts) > 1 else "huimin"
            if target != layer and target not in ALLOWED[layer]:
                wrong.append(f"{package.name}/{rel.as_posix()}:{line}: {layer} 不能引用 {module}"
                             f"（{layer} 只能引用 {', '.join(sorted(ALLOWED[layer])) or '本层'}）")
    return wrong


def test_every_layer_imports_only_the_layers_below_it():
    assert layer_violations(REPO / "huimin") == []


def test_a_wrong_import_is_reported_with_its_place(tmp_path):
    package = tmp_path / "huimin"
    (package / "model").mkdir(parents=True)
    (package / "rules").mkdir()
    (package / "model/policy.py").write_text("from huimin.model.fields import Text\n", encoding="utf-8")
    (package / "rules/quota.py").write_text(
        "import json\n\n\ndef f():\n    from huimin.site.render import render\n    import mkdocs\n", encoding="utf-8")
    assert layer_violations(package) == [
        "huimin/rules/quota.py:5: rules 不能引用 huimin.site.render（rules 只能引用 model）",
        "huimin/rules/quota.py:6: rules 引用了网站引擎 mkdocs（只有 adapters 可以）",
    ]


def test_no_module_is_much_over_300_lines():
    long = {p.relative_to(REPO).as_posix(): n for p in (REPO / "huimin").rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 330}
    assert long == {}
