"""The generated parts of docs/ODD.md are what the code writes (``python -m sim.docs``).

Selected by ``pytest -k generated_docs``. When a parameter, metric, output column or step
changes, this fails until ``python -m sim.docs`` has rewritten the ODD and the change is
committed with it.
"""

from __future__ import annotations

import pytest

from sim.cli.docs import BEGIN, END, ODD, generate, main, render
from sim.engine.schema import ConfigError


@pytest.fixture(scope="module")
def blocks() -> dict[str, str]:
    return generate()


def test_generated_docs_match_the_committed_odd(blocks):
    text = ODD.read_text()
    new = render(text, blocks)
    if new != text:
        changed = [name for name in blocks
                   if f"{BEGIN.format(name=name)}\n{blocks[name]}{END.format(name=name)}"
                   not in text]
        pytest.fail(f"docs/ODD.md is out of date in {changed}: run python -m sim.docs")


def test_generated_docs_cover_every_setting_and_output_file(blocks):
    from sim.cli.docs import sections

    names = set(blocks)
    assert {f"parameters.{path}" for path, _ in sections()} - {"parameters.policies"} <= names
    assert {"plan.weekly", "plan.yearly", "output.timeseries", "output.summary"} <= names
    assert "`informal.willingness`" in blocks["parameters.informal"]
    assert "`hours_unmet`" in blocks["output.timeseries"]


def test_generated_docs_refuse_unknown_and_missing_places(blocks):
    one = next(iter(blocks))
    stray = f"{BEGIN.format(name='parameters.gone')}\nold\n{END.format(name='parameters.gone')}\n"
    with pytest.raises(ConfigError, match="parameters.gone"):
        render(ODD.read_text() + stray, blocks)
    without = ODD.read_text().replace(BEGIN.format(name=one), "").replace(
        END.format(name=one), "")
    with pytest.raises(ConfigError, match=one.replace(".", r"\.")):
        render(without, blocks)


def test_generated_docs_check_reports_an_out_of_date_odd(tmp_path, capsys):
    odd = tmp_path / "ODD.md"
    odd.write_text(ODD.read_text().replace("| `seed` |", "| `seed (edited)` |", 1))
    assert main(["--check", "--odd", str(odd)]) == 1
    assert "out of date" in capsys.readouterr().err
    assert main(["--odd", str(odd)]) == 0  # rewrites it
    assert main(["--check", "--odd", str(odd)]) == 0
    assert main(["--odd", str(tmp_path / "missing.md")]) == 2
