"""The dashboard's model adapter (no browser, no dashboard extra needed)."""

from __future__ import annotations

import importlib.util
import io

import numpy as np
import pyarrow.parquet as pq
import pytest

from sim.config import ConfigError
from sim.dashboard.controls import LEVERS, TOWN, control
from sim.dashboard.live import (
    HEADLINE,
    LiveRun,
    check_setting,
    compose,
    parse_setting,
    presets,
)

SMALL = {"municipality.population": 1500, "years": 1, "seed": 4}


@pytest.fixture(scope="module")
def small() -> LiveRun:
    run = LiveRun(compose("status_quo", "platteland", SMALL))
    run.step(8)
    return run


def test_compose_is_the_command_line_config():
    cfg = compose("zorgzame_buurten", "platteland", {"seed": 7, "years": 2})
    assert cfg.scenario.name == "zorgzame_buurten"
    assert cfg.policies.zorgzame_buurten.enabled
    assert cfg.municipality.name == "platteland" and cfg.seed == 7 and cfg.years == 2
    assert set(presets("scenario")) >= {"status_quo", "zorgzame_buurten", "alles_samen"}


@pytest.mark.parametrize("key,value,message", [
    ("years", 0, "invalid setting years=0: allowed: a whole number 1 to 100 years"),
    ("municipality.population", 50, "invalid setting municipality.population=50: allowed: "
     "a whole number 100 to 5,000,000 residents"),
    ("policies.zorgzame_buurten.coverage", 1.5, "invalid setting "
     "policies.zorgzame_buurten.coverage=1.5: allowed: a number 0 to 1 share of buurten"),
])
def test_a_bad_value_gets_the_command_lines_one_line(key, value, message):
    with pytest.raises(ConfigError) as one:
        check_setting(key, value)
    with pytest.raises(ConfigError) as whole:
        compose("status_quo", "platteland", {key: value})
    assert str(one.value) == str(whole.value) == message


@pytest.mark.parametrize("text,message", [
    ("abc", "invalid setting municipality.population='abc': allowed: a whole number 100 to "
     "5,000,000 residents"),
    ("2000.5", "invalid setting municipality.population=2000.5: allowed: a whole number 100 "
     "to 5,000,000 residents (without a decimal point)"),
    ("50", "invalid setting municipality.population=50: allowed: a whole number 100 to "
     "5,000,000 residents"),
])
def test_typed_text_is_read_as_the_command_line_reads_it(text, message):
    key = "municipality.population"
    with pytest.raises(ConfigError) as bad:
        check_setting(key, parse_setting(key, text))
    assert str(bad.value) == message
    assert parse_setting(key, " 2000 ") == 2000
    check_setting(key, parse_setting(key, "2000"))


def test_controls_come_from_the_schema():
    c = control("policies.zorgzame_buurten.coverage")
    assert (c.kind, c.lo, c.hi, c.unit) == ("slider", 0.0, 1.0, "share of buurten")
    assert control("policies.prevention.enabled").kind == "switch"
    for switch, amount in LEVERS:
        assert control(switch).kind == "switch"
        assert control(amount).lo is not None and control(amount).hi is not None
    assert all(control(k, kind="number").unit or k == "seed" for k in TOWN)


def test_series_grow_week_by_week_and_match_the_recorder(small):
    s = small.series()
    assert set(s) == set(HEADLINE)
    assert all(len(v) == 8 for v in s.values())
    rec = small.model.recorder
    assert s["hours_unmet"][-1] == pytest.approx(
        rec.data[7, :, rec.index["hours_unmet"]].sum())
    assert small.headline()["hours_unmet"] == pytest.approx(s["hours_unmet"][-1])


def test_the_run_stops_at_its_horizon():
    run = LiveRun(compose("status_quo", "platteland", {**SMALL, "municipality.population": 400}))
    assert run.step(60) == 52
    assert run.done and run.step(1) == 0 and run.weeks_done == 52


def test_same_seed_same_scenario_same_series():
    a = LiveRun(compose("status_quo", "platteland", SMALL))
    b = LiveRun(compose("status_quo", "platteland", SMALL))
    a.step(3)
    b.step(3)
    for name in HEADLINE:
        np.testing.assert_array_equal(a.series()[name], b.series()[name])


def test_a_resident_s_hours_add_up(small):
    pop = small.model.pop
    ids = np.flatnonzero(pop.alive & (pop.need > 0) & (pop.dwelling == 0))
    for i in ids[:20]:
        r = small.resident(int(i))
        covered = sum(r.hours_by_source.values())
        assert covered + r.hours_unmet == pytest.approx(r.hours_needed, abs=1e-3)
        informal = sum(c.hours for c in r.carers)
        assert informal == pytest.approx(r.hours_by_source["informal"], abs=1e-3)
        assert r.waiting_wzc_weeks >= -1 and r.waiting_home_care_weeks >= 0


def test_the_network_layout_is_made_once_per_buurt(small):
    first = small.network(0)
    small.step(1)
    again = small.network(0)
    np.testing.assert_array_equal(again.ids, first.ids)
    np.testing.assert_array_equal(again.xy, first.xy)
    assert len(again.care_links) > 0
    assert np.all(small.model.pop.buurt[again.ids] == 0)
    assert again.ties.max() < len(again.ids) and np.all(again.ties[:, 0] < again.ties[:, 1])


def _apply(nodes: list[dict], edges: list[dict], change: dict) -> tuple[dict, dict]:
    """What the browser holds after a delta (netchart.vue does the same with Vega)."""
    by_id = {n["id"]: dict(n) for n in nodes}
    for row in change["nodes"]:
        by_id[row["id"]].update(row)
    by_key = {e["key"]: e for e in edges if e["key"] not in change["remove"]}
    by_key.update({e["key"]: e for e in change["add"]})
    return by_id, by_key


def test_a_week_sends_only_what_changed_and_that_is_enough(small):
    from sim.dashboard import network

    weeks = [small.network(0)]
    for _ in range(3):
        small.step(1)
        weeks.append(small.network(0))
    nodes, edges = network.node_rows(weeks[0], "nl"), network.edge_rows(weeks[0], "nl")
    sent = 0
    for old, new in zip(weeks, weeks[1:], strict=False):
        change = network.delta(old, new, "nl")
        sent += len(change["nodes"])
        assert all(set(row) == {"id", "need_label", "care_label", "wzc", "alive"}
                   for row in change["nodes"]), "state only: positions never move"
        by_id, by_key = _apply(nodes, edges, change)
        nodes, edges = list(by_id.values()), list(by_key.values())
        assert by_id == {n["id"]: n for n in network.node_rows(new, "nl")}
        assert by_key == {e["key"]: e for e in network.edge_rows(new, "nl")}
    assert 0 < sent < 3 * len(weeks[0].ids), "some residents change, not all of them"
    assert network.delta(weeks[-1], weeks[-1], "nl") == {"nodes": [], "add": [], "remove": []}


def test_export_has_every_week_with_units(small):
    csv = small.csv_bytes().decode().splitlines()
    assert csv[0].startswith("scenario,seed,week,") and len(csv) == 1 + small.weeks_done
    table = pq.read_table(io.BytesIO(small.parquet_bytes()))
    assert table.num_rows == small.weeks_done
    assert table.schema.field("hours_unmet").metadata[b"unit"] == b"h/week"


def test_every_word_of_the_page_is_in_the_shared_table_in_both_languages():
    from sim.care.informal.links import KINDS
    from sim.outputs import labels

    for key, words in labels.UI.items():
        assert set(words) == set(labels.LANGUAGES) and all(words.values()), key
    for kind in KINDS:
        assert labels.ui(f"tie_{kind}", "nl") and labels.ui(f"tie_{kind}", "en")
    for name in HEADLINE:
        assert labels.metric_name(name, "nl") != labels.metric_name(name, "en")
        assert labels.metric_unit(name, "nl") and labels.metric_unit(name, "en")
    for switch, amount in LEVERS:
        for key in (switch, amount):
            nl, en = (labels.control_label(key, "", lang) for lang in ("nl", "en"))
            assert nl and en and nl != key, key


def test_no_word_of_the_page_is_defined_twice():
    """The dashboard keeps no words of its own: one table, shared with the report."""
    from sim.outputs import labels

    assert importlib.util.find_spec("sim.dashboard.labels") is None

    pairs = [(w["en"], w["nl"]) for w in labels.UI.values()]
    pairs += [(w["en"], w["nl"]) for w in labels.TEXT.values()]
    twice = {p for p in pairs if pairs.count(p) > 1 and p[0] != p[1]}
    assert not twice, twice


def test_the_page_opens_on_the_command_lines_presets_and_a_flagged_second_scenario():
    from sim.cli.preflight import compose_jobs, parse_command_line
    from sim.dashboard.live import compare_preset, default_preset
    from sim.outputs.labels import preset_words

    base = compose(default_preset("scenario"), default_preset("municipality"), {})
    cli = compose_jobs(parse_command_line([])).jobs[0].cfg  # python -m sim, no overrides
    assert (base.scenario.name, base.municipality.name) == \
        (cli.scenario.name, cli.municipality.name)
    flagged = [n for n, w in preset_words().items() if w.get("dashboard_compare")]
    assert flagged == [compare_preset()], "exactly one preset opens compare mode"
    assert compare_preset() in presets("scenario")
    assert compare_preset() != default_preset("scenario")


@pytest.mark.parametrize("labels", [(), ("Caring neighbourhoods", "Status quo (B)")])
def test_the_charts_can_be_drawn_before_the_first_week(labels):
    """One run or two (compare mode): a reset leaves no rows, and the page (and its PNG
    download) must still draw the empty charts rather than fail to size them."""
    pytest.importorskip("vl_convert", reason="the dashboard extra draws PNGs")
    from sim.dashboard import charts

    png = charts.png(charts.with_values(charts.series_spec(HEADLINE, "en", colour=labels), []))
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
