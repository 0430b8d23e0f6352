"""Words for readers, in English and Dutch: metric names and units, scenarios, sentences.

One table of labels for everything a policy advisor reads (the comparison report now, the
dashboard later), kept as plain data so any front end can use it: metric names in plain
language with the unit a reader sees (shares as %), the scenario presets' names and
descriptions, the municipality presets, and the sentences of the report with ``{named}``
fields for :meth:`str.format`. Metrics and scenarios without an entry fall back to the
registry's description and the run's own description, so a user's own preset still reads.
The English descriptions of the scenario presets are the ``scenario.description`` of
``configs/scenario/*.yaml`` word for word (a test holds them together).
"""

from __future__ import annotations

from sim.outputs.metrics import METRICS

LANGUAGES = ("en", "nl")

# Headline metrics: a plain name, the unit shown in the table (shares print as %), and a
# theme (the summary names at most one change per theme, so three unmet-care shares do not
# crowd out the carers or the waiting lists).
METRIC_LABELS: dict[str, dict[str, dict[str, str] | str]] = {
    "share_unmet": {
        "theme": "unmet",
        "en": {"name": "Care hours needed but not given", "unit": "% of hours needed"},
        "nl": {"name": "Nodige zorguren die niemand gaf", "unit": "% van de nodige uren"}},
    "people_unmet_share": {
        "theme": "unmet",
        "en": {"name": "People in need who lack some care", "unit": "% of people in need"},
        "nl": {"name": "Zorgbehoevenden die zorg tekortkomen",
               "unit": "% van de zorgbehoevenden"}},
    "unmet_need_share_65plus_home": {
        "theme": "unmet",
        "en": {"name": "Older residents (65+) at home lacking help",
               "unit": "% of 65+ at home with a limitation"},
        "nl": {"name": "Thuiswonende 65-plussers die hulp tekortkomen",
               "unit": "% van de 65-plussers thuis met een beperking"}},
    "carers_overloaded_share": {
        "theme": "carers",
        "en": {"name": "Informal carers who are overloaded", "unit": "% of carers"},
        "nl": {"name": "Overbelaste mantelzorgers", "unit": "% van de mantelzorgers"}},
    "carer_fte_lost_women_total": {
        "theme": "work",
        "en": {"name": "Paid work given up by women who care",
               "unit": "FTE, whole period", "short": "FTE"},
        "nl": {"name": "Betaald werk opgegeven door vrouwelijke mantelzorgers",
               "unit": "VTE, hele periode", "short": "VTE"}},
    "carer_fte_lost_men_total": {
        "theme": "work",
        "en": {"name": "Paid work given up by men who care",
               "unit": "FTE, whole period", "short": "FTE"},
        "nl": {"name": "Betaald werk opgegeven door mannelijke mantelzorgers",
               "unit": "VTE, hele periode", "short": "VTE"}},
    "home_care_waiting_mean": {
        "theme": "waiting",
        "en": {"name": "Waiting list for home care",
               "unit": "residents (average)", "short": "residents"},
        "nl": {"name": "Wachtlijst voor thuiszorg",
               "unit": "inwoners (gemiddeld)", "short": "inwoners"}},
    "wzc_waiting_mean": {
        "theme": "nursing_home",
        "en": {"name": "Waiting list for a nursing home",
               "unit": "residents (average)", "short": "residents"},
        "nl": {"name": "Wachtlijst voor een woonzorgcentrum",
               "unit": "inwoners (gemiddeld)", "short": "inwoners"}},
    "admissions_total": {
        "theme": "nursing_home",
        "en": {"name": "Nursing-home admissions",
               "unit": "residents, whole period", "short": "admissions"},
        "nl": {"name": "Opnames in een woonzorgcentrum",
               "unit": "inwoners, hele periode", "short": "opnames"}},
    "staff_workload_mean": {
        "theme": "staff",
        "en": {"name": "Workload of care staff", "unit": "ratio (FTE-weighted)"},
        "nl": {"name": "Werkdruk van het zorgpersoneel", "unit": "verhouding (gewogen naar VTE)"}},
    "lonely_share": {
        "theme": "lonely",
        "en": {"name": "Adults who feel lonely", "unit": "% of adults"},
        "nl": {"name": "Volwassenen die zich eenzaam voelen", "unit": "% van de volwassenen"}},
    "cost_public_per_year": {
        "theme": "cost",
        "en": {"name": "Public cost of care", "unit": "EUR a year"},
        "nl": {"name": "Publieke kosten van de zorg", "unit": "EUR per jaar"}},
    "policy_cost_per_year": {
        "theme": "cost",
        "en": {"name": "Cost of running the policies", "unit": "EUR a year"},
        "nl": {"name": "Kosten van het beleid zelf", "unit": "EUR per jaar"}},
    "equity_unmet_ratio": {
        "theme": "equity",
        "en": {"name": "Unmet care, lowest over highest socio-economic fifth",
               "unit": "ratio (1 = equal)"},
        "nl": {"name": "Zorgtekort, laagste tegenover hoogste sociaaleconomische vijfde",
               "unit": "verhouding (1 = gelijk)"}},
    "unmet_concentration_index": {
        "theme": "equity",
        "en": {"name": "Social gradient of unmet care",
               "unit": "index (0 = equal, below 0 = worse-off hit harder)"},
        "nl": {"name": "Sociale gradiënt van het zorgtekort",
               "unit": "index (0 = gelijk, onder 0 = kwetsbaren harder getroffen)"}},
}

SCENARIO_LABELS: dict[str, dict[str, dict[str, str]]] = {
    "status_quo": {
        "en": {"name": "Status quo",
               "description": "Status quo: current policy, no extra levers"},
        "nl": {"name": "Status quo",
               "description": "Status quo: het huidige beleid, geen extra hefbomen"}},
    "extra_contingent": {
        "en": {"name": "Extra family-care hours",
               "description": "Extra home-care contingent: +20% family-care hours, with "
                              "funded hiring"},
        "nl": {"name": "Extra uren gezinszorg",
               "description": "Extra thuiszorgcontingent: +20% uren gezinszorg, met "
                              "gefinancierde aanwervingen"}},
    "zorgzame_buurten": {
        "en": {"name": "Caring neighbourhoods",
               "description": "Caring neighbourhoods in the 25% oldest buurten, from the "
                              "start"},
        "nl": {"name": "Zorgzame buurten",
               "description": "Zorgzame buurten in de 25% oudste buurten, vanaf het begin"}},
    "flexibele_normen": {
        "en": {"name": "Flexible staffing norms",
               "description": "Flexible staffing norms, shared staff pool, side-entrants, "
                              "workable work"},
        "nl": {"name": "Flexibele normen",
               "description": "Flexibele personeelsnormen, gedeelde personeelspool, "
                              "zij-instromers, werkbaar werk"}},
    "mantelzorgondersteuning": {
        "en": {"name": "Carer support",
               "description": "Carer support: more respite, care leave, coaching, carer "
                              "allowance"},
        "nl": {"name": "Mantelzorgondersteuning",
               "description": "Mantelzorgondersteuning: meer respijtzorg, zorgverlof, "
                              "coaching, mantelzorgpremie"}},
    "personeelscrisis": {
        "en": {"name": "Staff crisis",
               "description": "Staff crisis: 26 weeks of 20% extra absence, respite closed, "
                              "carers at 80%"},
        "nl": {"name": "Personeelscrisis",
               "description": "Personeelscrisis: 26 weken 20% extra afwezigheid, respijtzorg "
                              "dicht, mantelzorgers op 80%"}},
    "preventie": {
        "en": {"name": "Prevention",
               "description": "Prevention for 65+, proportional universalism"},
        "nl": {"name": "Preventie",
               "description": "Preventie voor 65-plussers, proportioneel universalisme"}},
    "sociale_dienstencheque": {
        "en": {"name": "Cheaper service vouchers",
               "description": "Service vouchers at half price for 65+ in the two lowest SES "
                              "quintiles"},
        "nl": {"name": "Sociale dienstencheque",
               "description": "Dienstencheques aan halve prijs voor 65-plussers in de twee "
                              "laagste sociaaleconomische vijfden"}},
    "alles_samen": {
        "en": {"name": "Everything together",
               "description": "All policies together: flexible norms, caring neighbourhoods, "
                              "+20% family care, carer support, prevention"},
        "nl": {"name": "Alles samen",
               "description": "Alle maatregelen samen: flexibele normen, zorgzame buurten, "
                              "+20% gezinszorg, mantelzorgondersteuning, preventie"}},
    "vergrijzing_2035": {
        "en": {"name": "Ageing to 2035",
               "description": "Ageing: about 2035 age structure (65+ 25%), labour pool at "
                              "today's size"},
        "nl": {"name": "Vergrijzing 2035",
               "description": "Vergrijzing: leeftijdsopbouw van ongeveer 2035 (65+ 25%), "
                              "arbeidsaanbod zo groot als vandaag"}},
}

MUNICIPALITY_LABELS: dict[str, dict[str, str]] = {
    "middelgrote_stad": {"en": "a mid-size Flemish town", "nl": "een middelgrote Vlaamse stad"},
    "platteland": {"en": "a small rural municipality", "nl": "een kleine plattelandsgemeente"},
    "stedelijk_district": {"en": "a city district", "nl": "een stedelijk district"},
}

# Units for numbers the table derives (differences of shares are percentage points).
UNIT_WORDS: dict[str, dict[str, str]] = {
    "points": {"en": "points", "nl": "procentpunt"},
    "eur_year": {"en": "EUR {x} a year", "nl": "EUR {x} per jaar"},
    "million": {"en": "{x} million", "nl": "{x} miljoen"},
}

TEXT: dict[str, dict[str, str]] = {
    "title": {"en": "What the scenarios change, compared with {baseline}",
              "nl": "Wat de scenario's veranderen, vergeleken met {baseline}"},
    "lede": {"en": "A simulation of {town} ({residents} residents) over {years} years. Each "
                   "scenario was run {seeds} times; every run is compared with the run of "
                   "{baseline} in the same simulated town.",
             "nl": "Een simulatie van {town} ({residents} inwoners) over {years} jaar. Elk "
                   "scenario liep {seeds} keer; elke run wordt vergeleken met de run van "
                   "{baseline} in dezelfde gesimuleerde gemeente."},
    "summary_heading": {"en": "In short", "nl": "Kort samengevat"},
    "change": {"en": "{name}: {base} under {baseline}, {value} here ({diff}, 95% interval "
                     "{lo} to {hi}): {verdict}.",
               "nl": "{name}: {base} bij {baseline}, {value} hier ({diff}, 95%-interval "
                     "{lo} tot {hi}): {verdict}."},
    "change_degenerate": {"en": "{name}: {base} under {baseline}, {value} here ({diff} in "
                                "every run): {verdict}.",
                          "nl": "{name}: {base} bij {baseline}, {value} hier ({diff} in elke "
                                "run): {verdict}."},
    "range": {"en": "{lo} to {hi}", "nl": "{lo} tot {hi}"},
    "clearly_lower": {"en": "clearly lower", "nl": "duidelijk lager"},
    "clearly_higher": {"en": "clearly higher", "nl": "duidelijk hoger"},
    "no_clear": {"en": "no clear difference", "nl": "geen duidelijk verschil"},
    "none_clear": {"en": "No clear difference in any headline figure after {seeds} runs; the "
                         "largest was {name} ({diff}, 95% interval {lo} to {hi}). More runs "
                         "can show smaller effects.",
                   "nl": "Geen duidelijk verschil in een van de kerncijfers na {seeds} runs; "
                         "het grootste was {name} ({diff}, 95%-interval {lo} tot {hi}). Meer "
                         "runs kunnen kleinere effecten zichtbaar maken."},
    "others_unclear": {"en": "No clear difference in {n} other headline figures (see the "
                             "table).",
                       "nl": "Geen duidelijk verschil in {n} andere kerncijfers (zie de "
                             "tabel)."},
    "identical": {"en": "Gives exactly the same results as {baseline} in every run: in this "
                        "town the scenario switches nothing on that changes the outcomes (for "
                        "example a coverage that rounds to no neighbourhood).",
                  "nl": "Geeft in elke run precies dezelfde resultaten als {baseline}: in "
                        "deze gemeente zet het scenario niets in gang dat de uitkomsten "
                        "verandert (bijvoorbeeld een dekking die op geen enkele buurt "
                        "uitkomt)."},
    "cost": {"en": "Cost of the policies: {policy}. Public cost of care: {care}: {verdict}.",
             "nl": "Kosten van het beleid: {policy}. Publieke zorgkosten: {care}: {verdict}."},
    "interval": {"en": "95% interval", "nl": "95%-interval"},
    "cost_none": {"en": "no policy cost", "nl": "geen beleidskosten"},
    "context_heading": {"en": "About these runs", "nl": "Over deze runs"},
    "ctx_town": {"en": "Town", "nl": "Gemeente"},
    "ctx_residents": {"en": "Residents at the start", "nl": "Inwoners bij de start"},
    "ctx_horizon": {"en": "Horizon", "nl": "Periode"},
    "ctx_years": {"en": "{years} years", "nl": "{years} jaar"},
    "ctx_seeds": {"en": "Runs per scenario", "nl": "Runs per scenario"},
    "ctx_seeds_value": {"en": "{n} (seeds {seeds})", "nl": "{n} (seeds {seeds})"},
    "ctx_burn_in": {"en": "Burn-in left out of the averages",
                    "nl": "Aanloopperiode buiten de gemiddelden"},
    "ctx_burn_in_weeks": {"en": "the first {weeks} weeks", "nl": "de eerste {weeks} weken"},
    "ctx_burn_in_none": {"en": "none (averages include the first year)",
                         "nl": "geen (de gemiddelden tellen het eerste jaar mee)"},
    "ctx_version": {"en": "Model version", "nl": "Modelversie"},
    "ctx_date": {"en": "Runs made on", "nl": "Runs gemaakt op"},
    "ctx_scenarios": {"en": "What each scenario switches on",
                      "nl": "Wat elk scenario aanzet"},
    "table_heading": {"en": "All headline figures", "nl": "Alle kerncijfers"},
    "paired": {"en": "Paired: every run of a scenario is compared with the run of {baseline} "
                     "in the same simulated town with the same chance events, so the "
                     "difference shows what the policy does, not luck.",
               "nl": "Gepaard: elke run van een scenario wordt vergeleken met de run van "
                     "{baseline} in dezelfde gesimuleerde gemeente met dezelfde "
                     "toevalsgebeurtenissen, zodat het verschil toont wat het beleid doet, "
                     "niet het toeval."},
    "intervals": {"en": "The range after each figure is its 95% interval over the runs. It "
                        "never goes below 0 or above 100% where a figure cannot. A difference "
                        "is clear when its interval leaves out 0. A single value without a "
                        "range was the same in every run.",
                  "nl": "Het bereik na elk cijfer is het 95%-interval over de runs. Het gaat "
                        "nooit onder 0 of boven 100% waar een cijfer dat niet kan. Een "
                        "verschil is duidelijk als het interval 0 niet bevat. Eén waarde "
                        "zonder bereik was in elke run dezelfde."},
    "legend": {"en": "green ▼/▲: clearly better; red ▼/▲: clearly worse; grey: no clear "
                     "difference; black: clear, but neither better nor worse in itself.",
               "nl": "groen ▼/▲: duidelijk beter; rood ▼/▲: duidelijk slechter; grijs: geen "
                     "duidelijk verschil; zwart: duidelijk, maar op zich niet beter of "
                     "slechter."},
    "col_figure": {"en": "Figure", "nl": "Cijfer"},
    "col_unit": {"en": "Unit", "nl": "Eenheid"},
    "col_difference": {"en": "Difference (95% interval)", "nl": "Verschil (95%-interval)"},
    "col_relative": {"en": "Relative", "nl": "Relatief"},
    "better": {"en": "better", "nl": "beter"},
    "worse": {"en": "worse", "nl": "slechter"},
    "same_every_run": {"en": "the same in every run", "nl": "in elke run hetzelfde"},
    "figures_heading": {"en": "Over time", "nl": "In de tijd"},
    "fig_timeseries_alt": {
        "en": "Line charts over {years} years, one row per figure ({metrics}): on the left "
              "each scenario's average with its 95% band, on the right each scenario's "
              "paired difference from {baseline} with its 95% band.",
        "nl": "Lijngrafieken over {years} jaar, één rij per cijfer ({metrics}): links het "
              "gemiddelde van elk scenario met zijn 95%-band, rechts het gepaarde verschil "
              "met {baseline} met zijn 95%-band."},
    "fig_timeseries_caption": {
        "en": "Week by week. Left: average over the runs, band 95%. Right: difference from "
              "{baseline}, paired run by run, band 95% (this is what the table reports).",
        "nl": "Week per week. Links: gemiddelde over de runs, band 95%. Rechts: verschil met "
              "{baseline}, run per run gepaard, band 95% (dit rapporteert de tabel)."},
    "fig_differences_alt": {
        "en": "Dot chart: each headline figure's difference from {baseline} in percent of "
              "its value under {baseline}, one dot per scenario, with 95% interval bars.",
        "nl": "Puntgrafiek: het verschil van elk kerncijfer met {baseline} in procent van "
              "zijn waarde bij {baseline}, één punt per scenario, met 95%-intervallen."},
    "fig_differences_caption": {
        "en": "Each difference in % of the {baseline} value, with its 95% interval.",
        "nl": "Elk verschil in % van de waarde bij {baseline}, met zijn 95%-interval."},
    "left_out": {"en": "Not in this figure (shown in the table): {names}.",
                 "nl": "Niet in deze grafiek (wel in de tabel): {names}."},
    "left_out_zero": {"en": "{name} (about zero under {baseline}, so no percentage)",
                      "nl": "{name} (ongeveer nul bij {baseline}, dus geen percentage)"},
    "left_out_index": {"en": "{name} (an index, no percentage)",
                       "nl": "{name} (een index, geen percentage)"},
    "axis_years": {"en": "years", "nl": "jaren"},
    "axis_relative": {"en": "difference from {baseline}, % of its value (95% interval)",
                      "nl": "verschil met {baseline}, % van de waarde (95%-interval)"},
    "burn_in_band": {"en": "burn-in (not in the averages)",
                     "nl": "aanloop (niet in de gemiddelden)"},
    "panel_level": {"en": "{name}", "nl": "{name}"},
    "panel_difference": {"en": "difference from {baseline}", "nl": "verschil met {baseline}"},
    "footer": {"en": "Made with zorgsim {version}. The effects of the policies are "
                     "assumptions (there are no published effect sizes): read differences as "
                     "what follows if the assumptions hold.",
               "nl": "Gemaakt met zorgsim {version}. De effecten van de maatregelen zijn "
                     "aannames (er zijn geen gepubliceerde effectgroottes): lees de "
                     "verschillen als wat volgt als de aannames kloppen."},
}

# Weekly series of the time-series figure, in the table's units: (numerator, denominator
# columns, or None for a count) and the headline metric whose unit and name they share.
SERIES_LABELS: dict[str, dict[str, str]] = {
    "unmet_share": {"en": "Care hours needed but not given (%)",
                    "nl": "Nodige zorguren die niemand gaf (%)"},
    "overloaded_share": {"en": "Informal carers who are overloaded (%)",
                         "nl": "Overbelaste mantelzorgers (%)"},
    "waiting_home_care": {"en": "Waiting list for home care (residents)",
                          "nl": "Wachtlijst voor thuiszorg (inwoners)"},
    "lonely_share": {"en": "Adults who feel lonely (%)",
                     "nl": "Volwassenen die zich eenzaam voelen (%)"},
    "policy_cost": {"en": "Cost of running the policies (EUR a week)",
                    "nl": "Kosten van het beleid zelf (EUR per week)"},
}


SERIES_UNITS: dict[str, dict[str, str]] = {
    "waiting_home_care": {"en": "residents", "nl": "inwoners"},
}


def text(key: str, lang: str, **fields: object) -> str:
    """A sentence of the table in ``lang``, its ``{fields}`` filled in."""
    return TEXT[key][lang].format(**fields)


def metric_name(metric: str, lang: str) -> str:
    """A metric's plain name (the registry's description where the table has none)."""
    entry = METRIC_LABELS.get(metric)
    return entry[lang]["name"] if entry else METRICS[metric].description  # type: ignore[index]


def metric_unit(metric: str, lang: str) -> str:
    """The unit a reader sees in the table (the registry's unit where the table has none)."""
    entry = METRIC_LABELS.get(metric)
    return entry[lang]["unit"] if entry else METRICS[metric].unit  # type: ignore[index]


def metric_short_unit(metric: str, lang: str) -> str:
    """The unit after a number in a sentence ("FTE", "residents"; "" where the name says it)."""
    entry = METRIC_LABELS.get(metric)
    return entry[lang].get("short", "") if entry else ""  # type: ignore[union-attr]


def metric_theme(metric: str) -> str:
    """The theme a headline metric belongs to (its own name when it has none)."""
    entry = METRIC_LABELS.get(metric)
    return str(entry["theme"]) if entry else metric


def scenario_name(scenario: str, lang: str) -> str:
    """A scenario's name for readers (its config name when the table does not know it)."""
    entry = SCENARIO_LABELS.get(scenario)
    return entry[lang]["name"] if entry else scenario


def scenario_description(scenario: str, lang: str, fallback: str = "") -> str:
    """What a scenario switches on, from the table, else ``fallback`` (the run's own)."""
    entry = SCENARIO_LABELS.get(scenario)
    return entry[lang]["description"] if entry else fallback


def municipality_name(name: str, lang: str) -> str:
    """A municipality preset in words (its config name when the table does not know it)."""
    entry = MUNICIPALITY_LABELS.get(name)
    return entry[lang] if entry else name
