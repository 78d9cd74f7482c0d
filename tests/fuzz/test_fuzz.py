"""No input breaks a component: each fuzz target of `targets` under the quick Hypothesis profile.

bench/fuzz.py runs the same targets with ≥ 100,000 inputs each and times 10 MB lines and deep HTML.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from tests.fuzz.targets import QUICK, TARGETS


@pytest.mark.parametrize("name", list(TARGETS))
def test_no_input_breaks(name: str) -> None:
    target = TARGETS[name]

    @settings(QUICK, max_examples=target.quick_examples)
    @given(target.strategy)
    def run(args: tuple) -> None:
        target.check(*args)

    run()
