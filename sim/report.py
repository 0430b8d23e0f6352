"""Plain-text summary of a run for the terminal."""

from __future__ import annotations

from sim import __version__
from sim.run import RunResult


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def summary_lines(result: RunResult) -> list[str]:
    """The lines of the end-of-run summary table."""
    s = result.summary
    rows = [
        ("residents, start -> end", f"{s['population_start']:,} -> {s['population_end']:,}"),
        ("aged 65+ / 80+ at the end",
         f"{_pct(s['share_65plus_end'])} / {_pct(s['share_80plus_end'])}"),
        ("65+ with any care need", _pct(s["any_need_share_65plus"])),
        ("65+ with a severe care need", _pct(s["severe_need_share_65plus"])),
        ("65+ living with dementia", _pct(s["dementia_share_65plus"])),
        ("care needed", f"{s['hours_needed_per_week']:,.0f} hours per week"),
        ("deaths", f"{s['deaths_total']:,} ({s['crude_death_rate']:.1f} per 1,000 per year)"),
        ("life expectancy (period)", f"{s['life_expectancy']:.1f} years"),
        ("speed", f"{s['resident_weeks_per_s'] / 1e6:.1f} M resident-weeks/s "
                  f"({s['wall_time_s']:.1f} s)"),
    ]  # fmt: skip
    head = (f"zorgsim {__version__}: {s['municipality']}, {s['years']} years, "
            f"seed {s['seed']}")
    width = max(len(k) for k, _ in rows)
    lines = [head] + [f"  {k:<{width}}  {v}" for k, v in rows]
    lines.append(f"Results in {result.folder}/")
    lines += [f"  {name:<20} {rows:>9,} rows" for name, rows in result.files.items()]
    lines.append("  config.yaml          the full configuration of this run")
    return lines


def print_summary(result: RunResult) -> None:
    """Print the end-of-run summary table."""
    print("\n".join(summary_lines(result)), flush=True)
