"""Words for readers, in English and Dutch: metric names and units, scenarios, sentences.

The one table of labels for everything a reader sees, the comparison report and the
workshop dashboard alike, kept as plain data so any front end can use it and no word is
defined twice: metric names in plain language with the unit a reader sees (shares as %),
the municipality presets, the sentences of the report with ``{named}`` fields for
:meth:`str.format`, and the dashboard's words (:data:`UI`, control labels, schema units).
Metrics and scenarios without an entry fall back to the registry's description and the
run's own description, so a user's own preset still reads.

Scenario presets and policies name themselves, so that no policy is named outside
``sim/policies`` and ``configs/``: a preset's names and Dutch description are in
``configs/scenario/<preset>.words.toml`` beside it (its English description is the preset's
own ``scenario.description``), and a policy's switch and main setting carry their words in
its own class in ``sim/policies`` (``switch_label``, ``setting_label``).
"""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path
from typing import Any

from omegaconf import OmegaConf

from sim.outputs.metrics import METRICS

LANGUAGES = ("en", "nl")

# Headline metrics: a plain name, the unit shown in the table (shares print as %), and a
# theme (the summary names at most one change per theme, so three unmet-care shares do not
# crowd out the carers or the waiting lists).
METRIC_LABELS: dict[str, dict[str, Any]] = {
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

# The weekly series of the dashboard share the plain name of the headline metric they count
# (``name_of``); only their unit differs (a count a week, not a share over the years).
METRIC_LABELS.update({
    "hours_unmet": {"theme": "unmet", "name_of": "share_unmet",
                    "en": {"unit": "hours a week"}, "nl": {"unit": "uur per week"}},
    "people_unmet": {"theme": "unmet", "name_of": "people_unmet_share",
                     "en": {"unit": "residents"}, "nl": {"unit": "inwoners"}},
    "carers_overloaded": {"theme": "carers", "name_of": "carers_overloaded_share",
                          "en": {"unit": "carers"}, "nl": {"unit": "mantelzorgers"}},
    "waiting_home_care": {"theme": "waiting", "name_of": "home_care_waiting_mean",
                          "en": {"unit": "residents"}, "nl": {"unit": "inwoners"}},
    "wzc_waiting": {"theme": "nursing_home", "name_of": "wzc_waiting_mean",
                    "en": {"unit": "residents"}, "nl": {"unit": "inwoners"}},
    "family_care_worker_workload": {
        "theme": "staff",
        "en": {"name": "Workload of family-care workers", "unit": "ratio (1 = balanced)"},
        "nl": {"name": "Werkdruk van de verzorgenden gezinszorg",
               "unit": "verhouding (1 = in evenwicht)"}},
    "home_nurse_workload": {
        "theme": "staff",
        "en": {"name": "Workload of home nurses", "unit": "ratio (1 = balanced)"},
        "nl": {"name": "Werkdruk van de thuisverpleegkundigen",
               "unit": "verhouding (1 = in evenwicht)"}},
    "lonely": {"theme": "lonely", "name_of": "lonely_share",
               "en": {"unit": "adults"}, "nl": {"unit": "volwassenen"}},
    "cost_public": {"theme": "cost", "name_of": "cost_public_per_year",
                    "en": {"unit": "EUR a week"}, "nl": {"unit": "EUR per week"}},
})

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
    "levels_heading": {"en": "Levels to read with care", "nl": "Niveaus om voorzichtig te lezen"},
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


# -- the dashboard's words ---------------------------------------------------------------

UI: dict[str, dict[str, str]] = {
    "title": {"en": "zorgsim: care in a Flemish municipality",
              "nl": "zorgsim: zorg in een Vlaamse gemeente"},
    "tab_run": {"en": "Simulation", "nl": "Simulatie"},
    "tab_compare": {"en": "Compare", "nl": "Vergelijken"},
    "tab_network": {"en": "Neighbourhood network", "nl": "Buurtnetwerk"},
    "tab_about": {"en": "About the model", "nl": "Over het model"},
    "scenario": {"en": "Scenario", "nl": "Scenario"},
    "scenario_b": {"en": "Second scenario", "nl": "Tweede scenario"},
    "town": {"en": "Municipality (preset)", "nl": "Gemeente (voorbeeld)"},
    "seed": {"en": "Random seed", "nl": "Toevalsgetal (seed)"},
    "years": {"en": "Years simulated", "nl": "Jaren gesimuleerd"},
    "levers": {"en": "Policy levers", "nl": "Beleid"},
    "setup": {"en": "Reset (setup)", "nl": "Opnieuw (setup)"},
    "step": {"en": "Step (1 week)", "nl": "Stap (1 week)"},
    "run": {"en": "Run", "nl": "Start"},
    "pause": {"en": "Pause", "nl": "Pauze"},
    "speed": {"en": "Weeks per second", "nl": "Weken per seconde"},
    "render_every": {"en": "Redraw charts every ... weeks",
                     "nl": "Grafieken tekenen om de ... weken"},
    "week": {"en": "Week", "nl": "Week"},
    "of": {"en": "of", "nl": "van"},
    "at_horizon": {"en": "End of the run reached", "nl": "Einde van de simulatie bereikt"},
    "pending": {"en": "Changed settings take effect after 'Reset (setup)'",
                "nl": "Gewijzigde instellingen gelden na 'Opnieuw (setup)'"},
    "building": {"en": "Building the municipality...", "nl": "Gemeente wordt opgebouwd..."},
    "monitors": {"en": "This week", "nl": "Deze week"},
    "difference": {"en": "Difference (second minus first)",
                   "nl": "Verschil (tweede min eerste scenario)"},
    "buurt": {"en": "Neighbourhood (buurt)", "nl": "Buurt"},
    "by_carer": {"en": "who cares", "nl": "wie zorgt"},
    "click_resident": {"en": "Click a resident for details.",
                       "nl": "Klik op een bewoner voor details."},
    "resident": {"en": "Resident", "nl": "Bewoner"},
    "age": {"en": "Age", "nl": "Leeftijd"},
    "need": {"en": "Care need", "nl": "Zorgnood"},
    "dementia": {"en": "Dementia", "nl": "Dementie"},
    "hours_needed": {"en": "Hours of care needed per week", "nl": "Uren zorg nodig per week"},
    "hours_by_source": {"en": "Covered this week (hours)", "nl": "Gedekt deze week (uur)"},
    "unmet": {"en": "Unmet need (h/week)", "nl": "Onvervulde nood (uur/week)"},
    "carers": {"en": "Informal carers (tie, hours last week)",
               "nl": "Mantelzorgers (band, uur vorige week)"},
    "cares_for": {"en": "Cares for", "nl": "Zorgt zelf voor"},
    "hours_given": {"en": "Gives informal care (h/week)", "nl": "Geeft mantelzorg (uur/week)"},
    "waiting_home": {"en": "Waiting for home care (weeks)", "nl": "Wacht op thuiszorg (weken)"},
    "waiting_wzc": {"en": "On the nursing-home waiting list (weeks)",
                    "nl": "Op de wachtlijst woonzorgcentrum (weken)"},
    "yes": {"en": "yes", "nl": "ja"},
    "no": {"en": "no", "nl": "nee"},
    "outside": {"en": "from outside the municipality", "nl": "van buiten de gemeente"},
    "nobody": {"en": "nobody", "nl": "niemand"},
    "dwelling": {"en": "Lives", "nl": "Woont"},
    "export_csv": {"en": "Series (CSV)", "nl": "Reeksen (CSV)"},
    "export_parquet": {"en": "Series (Parquet)", "nl": "Reeksen (Parquet)"},
    "export_png": {"en": "Charts (PNG)", "nl": "Grafieken (PNG)"},
    "compare_intro": {
        "en": "Two scenarios with the same seed, week by week in lockstep: the difference is "
              "the policy's effect, not chance. The second scenario keeps its own policies; "
              "the municipality, residents, seed and years come from the panel on the left.",
        "nl": "Twee scenario's met hetzelfde toevalsgetal, week na week samen: het verschil "
              "is het effect van het beleid, niet van het toeval. Het tweede scenario houdt "
              "zijn eigen beleid; gemeente, inwoners, toevalsgetal en jaren komen uit het "
              "linkerpaneel."},
    "language": {"en": "Nederlands", "nl": "English"},  # the switch shows the other language
    # care need (sim/population needs levels)
    "need_none": {"en": "none", "nl": "geen"}, "need_light": {"en": "light", "nl": "licht"},
    "need_moderate": {"en": "moderate", "nl": "matig"},
    "need_severe": {"en": "severe", "nl": "zwaar"},
    # who cares (network colours) and where the hours came from (a resident's panel)
    "care_none": {"en": "no care", "nl": "geen zorg"},
    "informal": {"en": "informal care", "nl": "mantelzorg"},
    "home_care": {"en": "home care", "nl": "thuiszorg"},
    "care_both": {"en": "informal and home care", "nl": "mantelzorg en thuiszorg"},
    "nursing_home": {"en": "nursing home", "nl": "woonzorgcentrum"},
    "self": {"en": "self-care", "nl": "zelfzorg"},
    "vouchers": {"en": "service vouchers", "nl": "dienstencheques"},
    "residential": {"en": "facility", "nl": "voorziening"},
    # where a resident lives, and her sex
    "home": {"en": "at home", "nl": "thuis"},
    "assisted_living": {"en": "assisted living", "nl": "assistentiewoning"},
    "man": {"en": "man", "nl": "man"}, "woman": {"en": "woman", "nl": "vrouw"},
    # the network's lines, and the tie kinds of care links (sim/care/informal/links.py KINDS)
    "tie": {"en": "social tie", "nl": "sociale band"},
    "care": {"en": "cares for", "nl": "zorgt voor"},
    "tie_partner": {"en": "partner", "nl": "partner"},
    "tie_household": {"en": "household member", "nl": "huisgenoot"},
    "tie_child": {"en": "child", "nl": "kind"},
    "tie_nonresident_child": {"en": "child outside the municipality",
                              "nl": "kind buiten de gemeente"},
    "tie_kin": {"en": "relative", "nl": "familie"},
    "tie_neighbour": {"en": "neighbour", "nl": "buur"},
    "tie_friend": {"en": "friend", "nl": "vriend(in)"},
}

# Where a resident's hours came from (the care module's sources) in the words above.
SOURCE_WORDS = {"formal": "home_care"}

# A control's label (the town's typed-in settings; a policy's switch and slider are named by
# the policy itself). Residents at the start are the report's words too.
CONTROL_LABELS: dict[str, dict[str, str]] = {
    "municipality.population": TEXT["ctx_residents"],
    "seed": UI["seed"],
    "years": UI["years"],
}

# Dutch for the units of the config schema and the metric registry (English: as declared).
SCHEMA_UNITS_NL: dict[str, str] = {
    "residents": "inwoners", "h/week": "uur/week", "EUR/week": "EUR/week",
    "ratio": "verhouding", "share of contingent": "aandeel van het contingent",
    "share of buurten": "aandeel van de buurten", "share of capacity":
    "aandeel van de capaciteit", "share": "aandeel", "share of hours": "aandeel uren",
    "x norm": "x norm", "years": "jaar"}


# Headline figures whose *level* the calibration report does not support, with the reason
# in plain words (docs/ODD.md, Calibration: "Left as they are"). Reports and comparisons
# print them next to the figures, so a level is not quoted without its caveat; differences
# between scenarios are still read as usual. Remove an entry when its gap is closed.
# None today: the home-care list carried one until 2026-12-07 (about 70% of it waited for
# home nursing, rationed to its published volume); home nursing is now paid per act and
# keeps no list, and the family-care list is within its plausible band (docs/figures.md
# section 15 item 6).
LEVEL_NOTES: dict[str, dict[str, str]] = {}


def level_notes(metrics: list[str], lang: str) -> list[tuple[str, str]]:
    """(plain name, caveat) for each of ``metrics`` whose level is not to be quoted."""
    return [(metric_name(m, lang), LEVEL_NOTES[m][lang])
            for m in dict.fromkeys(metrics) if m in LEVEL_NOTES]


def text(key: str, lang: str, **fields: object) -> str:
    """A sentence of the report in ``lang``, its ``{fields}`` filled in."""
    return TEXT[key][lang].format(**fields)


def ui(key: str, lang: str) -> str:
    """A word of the dashboard in ``lang``."""
    return UI[key][lang]


def source_word(source: str, lang: str) -> str:
    """Where a resident's care hours came from (``formal`` is home care), in ``lang``."""
    return ui(SOURCE_WORDS.get(source, source), lang)


def care_word(kind: str, lang: str) -> str:
    """Who cares for a resident, in ``lang``.

    ``kind`` is the network's colour (``none``, ``informal``, ``home_care``, ``both``,
    ``nursing_home``); it shares its words with the resident's panel, which names the
    same care.
    """
    return ui(kind if kind in UI else f"care_{kind}", lang)


def _metric_words(metric: str, lang: str) -> dict[str, str] | None:
    entry = METRIC_LABELS.get(metric)
    return entry.get(lang) if entry else None


def metric_name(metric: str, lang: str) -> str:
    """A metric's plain name (the registry's description where the table has none).

    A weekly series that counts what a headline metric shares (``name_of``) takes that
    metric's name, so one thing has one name in the report and the dashboard.
    """
    entry = METRIC_LABELS.get(metric)
    if entry is None:
        return METRICS[metric].description
    if "name_of" in entry:
        return metric_name(entry["name_of"], lang)
    return entry[lang]["name"]


def metric_unit(metric: str, lang: str) -> str:
    """The unit a reader sees (the registry's unit, in ``lang``, where the table has none)."""
    words = _metric_words(metric, lang)
    return words["unit"] if words else unit(METRICS[metric].unit, lang)


def metric_short_unit(metric: str, lang: str) -> str:
    """The unit after a number in a sentence ("FTE", "residents"; "" where the name says it)."""
    words = _metric_words(metric, lang)
    return words.get("short", "") if words else ""


def metric_theme(metric: str) -> str:
    """The theme a headline metric belongs to (its own name when it has none)."""
    entry = METRIC_LABELS.get(metric)
    return str(entry["theme"]) if entry else metric


def unit(declared: str, lang: str) -> str:
    """A unit as the schema or the registry declares it (in English), in ``lang``."""
    return SCHEMA_UNITS_NL.get(declared, declared) if lang == "nl" else declared


SCENARIO_DIR = Path(__file__).resolve().parents[2] / "configs" / "scenario"
WORDS_SUFFIX = ".words.toml"


@functools.cache
def preset_words() -> dict[str, dict[str, Any]]:
    """Each scenario preset's words for readers, from ``configs/scenario/<preset>.words.toml``.

    The words sit beside the preset rather than in it because the config schema refuses
    keys it does not declare, and in TOML so that Hydra takes them for no preset.

    Returns:
        Preset name -> ``{"en": {"name", "description"}, "nl": {...}, **rest}``: the
        English description is the preset's own ``scenario.description`` (so it is written
        once), and ``rest`` holds the file's other keys (the dashboard's
        ``dashboard_compare`` flag).
    """
    out: dict[str, dict[str, Any]] = {}
    for path in sorted(SCENARIO_DIR.glob(f"*{WORDS_SUFFIX}")):
        name = path.name.removesuffix(WORDS_SUFFIX)
        words = tomllib.loads(path.read_text(encoding="utf-8"))
        preset: Any = OmegaConf.to_container(OmegaConf.load(SCENARIO_DIR / f"{name}.yaml"))
        description = {"en": preset["scenario"]["description"], **words.pop("description", {})}
        names = words.pop("name", {})
        out[name] = {**words, **{lang: {"name": names.get(lang, name),
                                        "description": description.get(lang, "")}
                                 for lang in LANGUAGES}}
    return out


def scenario_name(scenario: str, lang: str) -> str:
    """A scenario's name for readers (its config name when no words are kept for it)."""
    entry = preset_words().get(scenario)
    return entry[lang]["name"] if entry else scenario


def scenario_description(scenario: str, lang: str, fallback: str = "") -> str:
    """What a scenario switches on, from its words, else ``fallback`` (the run's own)."""
    entry = preset_words().get(scenario)
    return entry[lang]["description"] if entry else fallback


def municipality_name(name: str, lang: str) -> str:
    """A municipality preset in words (its config name when the table does not know it)."""
    entry = MUNICIPALITY_LABELS.get(name)
    return entry[lang] if entry else name


@functools.cache
def _policy_controls() -> dict[str, tuple[str, str]]:
    """A policy's switch and main setting, named by the policy itself: key -> (nl, en)."""
    from sim.policies import policy_registry

    return {key: words
            for name, cls in policy_registry().items() if cls.main_setting
            for key, words in ((f"policies.{name}.enabled", cls.switch_label),
                               (f"policies.{name}.{cls.main_setting}", cls.setting_label))}


def control_label(key: str, doc: str, lang: str) -> str:
    """A control's label in ``lang`` (the schema's doc when no words are kept for it)."""
    if key in CONTROL_LABELS:
        return CONTROL_LABELS[key][lang]
    if key in _policy_controls():
        nl, en = _policy_controls()[key]
        return nl if lang == "nl" else en
    return doc[:1].upper() + doc[1:] if doc else key
