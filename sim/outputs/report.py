"""Plain-text summary of a run for the terminal."""

from __future__ import annotations

from sim import __version__
from sim.outputs.run import RunResult


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
        ("hours covered: self / informal / formal",
         f"{_pct(s['share_self'])} / {_pct(s['share_informal'])} / {_pct(s['share_formal'])}"),
        ("hours covered: vouchers / facilities / unmet",
         f"{_pct(s['share_vouchers'])} / {_pct(s['share_residential'])} / "
         f"{_pct(s['share_unmet'])}"),
        ("people in need with unmet need", _pct(s["people_unmet_share"])),
        ("65+ at home lacking (enough) help", _pct(s["unmet_need_share_65plus_home"])),
        ("adults giving informal care", f"{_pct(s['carers_share_adults'])} "
                                        f"({_pct(s['carers_overloaded_share'])} overloaded)"),
        ("paid work lost by carers", f"{s['carer_fte_lost_women_total']:.1f} FTE women, "
                                     f"{s['carer_fte_lost_men_total']:.1f} FTE men"),
        ("family care delivered / contingent",
         _pct(s["home_care_delivered_vs_contingent"])),
        ("nursing homes: occupancy, waiting",
         f"{_pct(s['wzc_occupancy_mean'])}, {s['wzc_waiting_mean']:.0f} waiting"),
        ("staff: vacancies, burnout", f"{_pct(s['staff_vacancy_rate'])}, "
                                      f"{_pct(s['staff_burnout_share'])}"),
        ("public / private cost per year", f"EUR {s['cost_public_per_year'] / 1e6:.1f} M / "
                                           f"EUR {s['cost_private_per_year'] / 1e6:.1f} M"),
        ("unmet need, lowest vs highest SES", f"{s['equity_unmet_ratio']:.2f} x"),
        ("deaths", f"{s['deaths_total']:,} ({s['crude_death_rate']:.1f} per 1,000 per year)"),
        ("life expectancy (period)", f"{s['life_expectancy']:.1f} years"),
        ("speed", f"{s['resident_weeks_per_s'] / 1e6:.1f} M resident-weeks/s "
                  f"({s['wall_time_s']:.1f} s)"),
    ]  # fmt: skip
    head = (f"zorgsim {__version__}: {s['scenario']}, {s['municipality']}, {s['years']} years, "
            f"seed {s['seed']}; means over the weeks after a {s['burn_in_weeks']}-week "
            "burn-in")
    width = max(len(k) for k, _ in rows)
    lines = [head] + [f"  {k:<{width}}  {v}" for k, v in rows]
    lines.append(f"Results in {result.folder}/")
    lines += [f"  {name:<20} {rows:>9,} rows" for name, rows in result.files.items()]
    lines.append("  config.yaml          the full configuration of this run")
    lines.append("  data_dictionary.json type, unit and description of every column")
    return lines


def print_summary(result: RunResult) -> None:
    """Print the end-of-run summary table."""
    print("\n".join(summary_lines(result)), flush=True)


def run_line(result: RunResult) -> str:
    """One line per finished run of a sweep (a sweep prints many; the table is in the files)."""
    s = result.summary
    return (f"zorgsim: done {result.folder.name}: {_pct(s['share_unmet'])} of needed hours "
            f"unmet, {s['wall_time_s']:.1f} s -> {result.folder}/")
