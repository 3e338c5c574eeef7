"""Pydantic validation errors become located Chinese messages, from one dictionary."""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import BaseModel, ValidationError

from huimin.model.errors import Problem
from huimin.model.fields import show_hidden
from huimin.read.yamlio import locate, locate_value


def type_name(value: Any) -> str:
    """What the user wrote, named in Chinese."""
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return "布尔值（true/false）"
    if isinstance(value, int):
        return "整数"
    if isinstance(value, float):
        return "小数"
    if isinstance(value, str):
        return "文字"
    if isinstance(value, (list, tuple)):
        return "列表"
    if isinstance(value, dict):
        return "字段映射"
    return "不支持的值"


SHOWN_MAX = 40  # characters of a wrong value echoed in a message


def shown(value: Any) -> str:
    """A value as echoed in a message: invisible characters written out, long ones cut."""
    text = show_hidden(str(value))
    return text if len(text) <= SHOWN_MAX else text[:SHOWN_MAX] + "…"


def _quoted(value: Any) -> str:
    if isinstance(value, bool):
        return " true" if value else " false"
    if value is None:
        return "空值"
    return f"“{shown(value)}”"


def _literal_choices(ctx: dict) -> str:
    expected = ctx.get("expected", "")
    return expected.replace("'", "").replace(" or ", "、").replace(", ", "、")


def explain(err: dict, model: type[BaseModel]) -> str:
    """The Chinese explanation of one pydantic error dict."""
    kind = err["type"]
    ctx = err.get("ctx") or {}
    value = err.get("input")
    loc = err["loc"]
    name = next((p for p in reversed(loc) if isinstance(p, str)), "")
    if kind == "missing":
        return "缺少必填字段"
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, loc[:-1])
        close = difflib.get_close_matches(str(name), allowed, n=1, cutoff=0.6)
        hint = f"，是否应为“{close[0]}”？" if close else ""
        return f"未知字段“{shown(name)}”{hint}（可用字段：{'、'.join(allowed)}）"
    if kind == "invalid_key":
        return f"字段名应为文字（如 title），实际为{type_name(loc[-1])} {shown(loc[-1])}"
    if kind == "string_type":
        return f"应为文字，实际为{type_name(value)}"
    if kind == "list_type":
        example = "[15, 17]" if name == "measures" else "[脱贫户, 监测对象]"
        return f"应为列表（如 {example}），实际为{type_name(value)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"应为“字段: 值”形式的映射，实际为{type_name(value)}"
    if kind in ("bool_type", "bool_parsing"):
        return f"应为 true 或 false，实际为{_quoted(value)}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"应为整数，实际为{_quoted(value)}"
    if kind == "greater_than_equal":
        return f"应不小于 {ctx.get('ge')}，实际为 {value}"
    if kind in ("string_too_long", "too_long") and isinstance(value, str):
        return f"不能超过 {ctx.get('max_length')} 个字，现有 {len(value)} 个字"
    if kind in ("string_too_short", "too_short") and isinstance(value, str):
        return "不能为空"
    if kind == "too_short":
        return "不能为空列表，至少填写一项"
    if kind == "literal_error":
        return f"应为 {_literal_choices(ctx)} 之一，实际为{_quoted(value)}"
    if kind == "string_pattern_mismatch" and name == "id":
        return (
            f"编号“{shown(value)}”不合格：只能用小写英文字母、数字和连字符“-”，"
            "并以字母或数字开头（如 edu-preschool-aid）"
        )
    if kind == "huimin_date":
        return f"应为 YYYY-MM-DD 格式的有效日期（如 2023-03-01），实际为“{shown(ctx.get('shown'))}”"
    if kind == "huimin_month":
        return f"应为 YYYY-MM 格式的月份（如 2023-05），实际为“{shown(ctx.get('shown'))}”"
    if kind == "huimin_measure":
        return f"措施编号应为 1 到 20 之间的整数，实际为 {value}"
    if kind == "huimin_date_order":
        return f"失效日期 {ctx.get('until')} 早于生效日期 {ctx.get('start')}"
    if kind.startswith("huimin_"):  # our own errors carry their Chinese message
        return err.get("msg", "")
    return "不符合要求，请对照 README 中的输入格式修改"  # pydantic's own words are English


def _allowed_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    """The field names of the (nested) model reached by ``loc``."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            break
        current = _inner_model(field.annotation)
    fields = getattr(current, "model_fields", {})
    return list(fields)


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def field_label(model: type[BaseModel], loc: tuple) -> str:
    """``summary（内容概述）``: the key as written, with its Chinese title."""
    names = [p for p in loc if isinstance(p, str)]
    if not names:
        return ""
    current: Any = model
    title = None
    for part in names:
        if current is None:  # inside a mapping of the user's own keys (search_synonyms): keep its title
            break
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            title = None
            break
        title = field.title
        current = _inner_model(field.annotation)
    key = ".".join(names)
    return f"{key}（{title}）" if title else key


def problems_from(
    exc: ValidationError, model: type[BaseModel], data: Any, shown: str, prefix: tuple = ()
) -> list[Problem]:
    """Every error of ``exc`` as a Problem located in the ruamel ``data``.

    ``prefix`` is where the validated mapping sits inside ``data`` (e.g. ("policies", 3)).
    """
    out = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        full = prefix + loc
        if err["type"] == "missing":
            line, col = locate(data, full[:-1])
        elif err["type"] in ("extra_forbidden", "invalid_key"):
            line, col = locate(data, full)
        else:
            line, col = locate_value(data, _trim_for_value(full, data))
        out.append(Problem(shown, line, col, field_label(model, loc), explain(err, model)))
    return out


def _trim_for_value(loc: tuple, data: Any) -> tuple:
    # pydantic appends pseudo-locations for union/literal members; keep only real path parts.
    real = []
    node = data
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        real.append(part)
    return tuple(real)
