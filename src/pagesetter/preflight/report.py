"""Findings and the report, as text (default) or JSON (`--json`)."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from enum import Enum
from pathlib import Path

from .rules import RULES


class Verdict(Enum):
    PASS = "pass"
    FAIL = "fail"
    WARN = "warn"
    SKIP = "skip"


@dataclass(frozen=True)
class Where:
    """Where a finding is: a page (1-based), an object (its resource name or object number),
    the operator it was found at."""

    page: int | None = None
    obj: str = ""
    operator: str = ""

    def __str__(self) -> str:
        parts = [f"page {self.page}" if self.page else "", self.obj,
                 f"at {self.operator}" if self.operator else ""]
        return " ".join(p for p in parts if p)


@dataclass(frozen=True)
class Finding:
    rule: str
    verdict: Verdict
    message: str
    where: Where = field(default_factory=Where)
    value: float | str | None = None  # what was measured, when something was

    @property
    def check(self) -> str:  # the rule's name, as the text report shows it
        return self.rule


#: At most this many problems of one rule are listed; the rest are counted.
SHOWN = 5


@dataclass
class Report:
    file: Path
    findings: list[Finding] = field(default_factory=list)

    def fail(self, rule: str, message: str, where: Where = Where(), value=None) -> None:
        self.findings.append(Finding(rule, Verdict.FAIL, message, where, value))

    def warn(self, rule: str, message: str, where: Where = Where(), value=None) -> None:
        self.findings.append(Finding(rule, Verdict.WARN, message, where, value))

    def skip(self, rule: str, message: str) -> None:
        self.findings.append(Finding(rule, Verdict.SKIP, message))

    def passed(self, rule: str, message: str = "", value=None) -> None:
        self.findings.append(Finding(rule, Verdict.PASS, message or RULES[rule], value=value))

    def result(self, rule: str, problems: list[str], passed: str) -> None:
        """One finding per problem (each a message), or a pass."""
        for problem in problems:
            self.fail(rule, problem)
        if not problems:
            self.passed(rule, passed)

    def close_rule(self, rule: str, passed: str = "") -> None:
        """A pass for `rule` unless something was found for it."""
        if not any(f.rule == rule for f in self.findings):
            self.passed(rule, passed)

    @property
    def ok(self) -> bool:
        """No rule failed (see `not_checked` for the rules that could not be applied)."""
        return all(f.verdict is not Verdict.FAIL for f in self.findings)

    @property
    def not_checked(self) -> dict[str, str]:
        """The rules that could not be applied (skipped, and not failed), with why."""
        out: dict[str, str] = {}
        for rule, findings in self.by_rule().items():
            if any(f.verdict is Verdict.FAIL for f in findings):
                continue
            skipped = [f for f in findings if f.verdict is Verdict.SKIP]
            if skipped:
                out[rule] = skipped[0].message
        return out

    @property
    def complete(self) -> bool:
        """Every rule was applied: a pass then means press-ready, as far as these rules go."""
        return not self.not_checked

    def verdict(self) -> str:
        """The last line of the report."""
        if not self.ok:
            return "FAILED"
        if not self.complete:
            return "passed the rules it could check; not checked: " + "; ".join(
                f"{rule} ({why})" for rule, why in self.not_checked.items())
        return "passed"

    def by_rule(self) -> dict[str, list[Finding]]:
        rules: dict[str, list[Finding]] = {}
        for finding in self.findings:
            rules.setdefault(finding.rule, []).append(finding)
        return rules

    def text(self) -> str:
        marks = {Verdict.PASS: "ok  ", Verdict.FAIL: "FAIL", Verdict.WARN: "warn",
                 Verdict.SKIP: "skip"}
        order = [Verdict.FAIL, Verdict.WARN, Verdict.SKIP, Verdict.PASS]
        lines = [f"preflight {self.file}"]
        for rule, findings in self.by_rule().items():
            verdict = min((f.verdict for f in findings), key=order.index)
            shown = [f for f in findings if f.verdict is verdict]
            details = "; ".join(_detail(f) for f in shown[:SHOWN])
            if len(shown) > SHOWN:
                details += f" (+{len(shown) - SHOWN} more)"
            lines.append(f"  {marks[verdict]} {rule}: {details}")
        lines.append("  " + self.verdict())
        return "\n".join(lines)

    def json(self) -> str:
        """One object per finding: rule, verdict, message, where, value."""
        return json.dumps({
            "file": str(self.file), "passed": self.ok, "complete": self.complete,
            "not_checked": sorted(self.not_checked),
            "findings": [{**asdict(f), "verdict": f.verdict.value} for f in self.findings],
        }, ensure_ascii=False, indent=1)


def _detail(finding: Finding) -> str:
    where = str(finding.where)
    return f"{where}: {finding.message}" if where else finding.message
