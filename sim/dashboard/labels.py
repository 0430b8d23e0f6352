"""The dashboard's own words in Dutch and English, in one table.

Metric names and units come from the metric registry (``sim.model.REGISTRY``: its English
descriptions); the Dutch names of the headline metrics are kept here until the shared label
table of the report takes them over (then :func:`metric_name` reads that table instead).
"""

from __future__ import annotations

from sim.model import REGISTRY
from sim.policies import policy_registry

__all__ = ["CONTROL", "LANGS", "TEXT", "control_label", "metric_name", "metric_unit",
           "t", "unit"]

LANGS = ("nl", "en")

# key -> (Dutch, English)
TEXT: dict[str, tuple[str, str]] = {
    "title": ("zorgsim: zorg in een Vlaamse gemeente", "zorgsim: care in a Flemish municipality"),
    "tab_run": ("Simulatie", "Simulation"),
    "tab_compare": ("Vergelijken", "Compare"),
    "tab_network": ("Buurtnetwerk", "Neighbourhood network"),
    "tab_about": ("Over het model", "About the model"),
    "scenario": ("Scenario", "Scenario"),
    "scenario_b": ("Tweede scenario", "Second scenario"),
    "town": ("Gemeente (voorbeeld)", "Municipality (preset)"),
    "population": ("Inwoners", "Residents"),
    "seed": ("Toevalsgetal (seed)", "Random seed"),
    "years": ("Jaren", "Years"),
    "levers": ("Beleid", "Policy levers"),
    "setup": ("Opnieuw (setup)", "Reset (setup)"),
    "step": ("Stap (1 week)", "Step (1 week)"),
    "run": ("Start", "Run"),
    "pause": ("Pauze", "Pause"),
    "speed": ("Weken per seconde", "Weeks per second"),
    "render_every": ("Grafieken tekenen om de ... weken", "Redraw charts every ... weeks"),
    "week": ("Week", "Week"),
    "of": ("van", "of"),
    "at_horizon": ("Einde van de simulatie bereikt", "End of the run reached"),
    "pending": ("Gewijzigde instellingen gelden na 'Opnieuw (setup)'",
                "Changed settings take effect after 'Reset (setup)'"),
    "building": ("Gemeente wordt opgebouwd...", "Building the municipality..."),
    "monitors": ("Deze week", "This week"),
    "charts": ("Verloop per week", "Week by week"),
    "difference": ("Verschil (tweede min eerste scenario)", "Difference (second minus first)"),
    "buurt": ("Buurt", "Neighbourhood (buurt)"),
    "colour_by": ("Kleur volgens", "Colour by"),
    "by_need": ("zorgnood", "care need"),
    "by_carer": ("wie zorgt", "who cares"),
    "click_resident": ("Klik op een bewoner voor details.", "Click a resident for details."),
    "resident": ("Bewoner", "Resident"),
    "age": ("Leeftijd", "Age"),
    "need": ("Zorgnood", "Care need"),
    "dementia": ("Dementie", "Dementia"),
    "hours_needed": ("Uren zorg nodig per week", "Hours of care needed per week"),
    "hours_by_source": ("Gedekt deze week (uur)", "Covered this week (hours)"),
    "unmet": ("Onvervulde nood (uur/week)", "Unmet need (h/week)"),
    "carers": ("Mantelzorgers (band, uur vorige week)", "Informal carers (tie, hours last week)"),
    "cares_for": ("Zorgt zelf voor", "Cares for"),
    "hours_given": ("Geeft mantelzorg (uur/week)", "Gives informal care (h/week)"),
    "waiting_home": ("Wacht op thuiszorg (weken)", "Waiting for home care (weeks)"),
    "waiting_wzc": ("Op de wachtlijst woonzorgcentrum (weken)",
                    "On the nursing-home waiting list (weeks)"),
    "not_waiting": ("nee", "no"),
    "yes": ("ja", "yes"),
    "no": ("nee", "no"),
    "outside": ("van buiten de gemeente", "from outside the municipality"),
    "nobody": ("niemand", "nobody"),
    "dwelling": ("Woont", "Lives"),
    "export": ("Downloaden", "Download"),
    "export_csv": ("Reeksen (CSV)", "Series (CSV)"),
    "export_parquet": ("Reeksen (Parquet)", "Series (Parquet)"),
    "export_png": ("Grafieken (PNG)", "Charts (PNG)"),
    "compare_intro": ("Twee scenario's met hetzelfde toevalsgetal, week na week samen: het "
                      "verschil is het effect van het beleid, niet van het toeval. Het tweede "
                      "scenario houdt zijn eigen beleid; gemeente, inwoners, toevalsgetal en "
                      "jaren komen uit het linkerpaneel.",
                      "Two scenarios with the same seed, week by week in lockstep: the "
                      "difference is the policy's effect, not chance. The second scenario "
                      "keeps its own policies; the municipality, residents, seed and years "
                      "come from the panel on the left."),
    "language": ("English", "Nederlands"),  # the switch shows the other language
    "enabled": ("aan", "on"),
    "need_none": ("geen", "none"), "need_light": ("licht", "light"),
    "need_moderate": ("matig", "moderate"), "need_severe": ("zwaar", "severe"),
    "care_none": ("geen zorg", "no care"), "care_informal": ("mantelzorg", "informal care"),
    "care_home_care": ("thuiszorg", "home care"),
    "care_both": ("mantelzorg en thuiszorg", "informal and home care"),
    "care_nursing_home": ("woonzorgcentrum", "nursing home"),
    "home": ("thuis", "at home"), "assisted_living": ("assistentiewoning", "assisted living"),
    "nursing_home": ("woonzorgcentrum", "nursing home"),
    "man": ("man", "man"), "woman": ("vrouw", "woman"),
    "self": ("zelfzorg", "self-care"), "informal": ("mantelzorg", "informal care"),
    "formal": ("thuiszorg", "home care"), "vouchers": ("dienstencheques", "service vouchers"),
    "residential": ("voorziening", "facility"),
    "tie": ("sociale band", "social tie"), "care": ("zorgt voor", "cares for"),
    # the tie kinds of care links (sim/care/informal/links.py KINDS)
    "tie_partner": ("partner", "partner"), "tie_household": ("huisgenoot", "household member"),
    "tie_child": ("kind", "child"),
    "tie_nonresident_child": ("kind buiten de gemeente", "child outside the municipality"),
    "tie_kin": ("familie", "relative"), "tie_neighbour": ("buur", "neighbour"),
    "tie_friend": ("vriend(in)", "friend"),
}

# Dutch names of the headline metrics (English: the registry's description).
_METRIC_NL = {
    "hours_unmet": "Onvervulde zorguren per week",
    "people_unmet": "Inwoners met onvervulde zorgnood",
    "carers_overloaded": "Overbelaste mantelzorgers",
    "waiting_home_care": "Wachtlijst thuiszorg",
    "wzc_waiting": "Wachtlijst woonzorgcentrum",
    "family_care_worker_workload": "Werkdruk verzorgenden gezinszorg (1 = in evenwicht)",
    "home_nurse_workload": "Werkdruk thuisverpleegkundigen (1 = in evenwicht)",
    "lonely": "Volwassenen die zich eenzaam voelen",
    "cost_public": "Publieke kost van de zorg",
}
# Control labels: English from the schema's doc; Dutch here (the policies' switches are named
# by policy in both languages).
CONTROL: dict[str, tuple[str, str]] = {
    "municipality.population": ("Inwoners bij de start", "Residents at the start"),
    "seed": ("Toevalsgetal (seed)", "Random seed"),
    "years": ("Jaren gesimuleerd", "Years simulated"),
}
# A policy's switch and main setting are named by the policy itself (sim.policies).
_POLICY_CONTROLS: dict[str, tuple[str, str]] = {
    key: words
    for name, cls in policy_registry().items() if cls.main_setting
    for key, words in ((f"policies.{name}.enabled", cls.switch_label),
                       (f"policies.{name}.{cls.main_setting}", cls.setting_label))}
_UNIT_NL = {"residents": "inwoners", "h/week": "uur/week", "EUR/week": "EUR/week",
            "ratio": "verhouding", "share of contingent": "aandeel van het contingent",
            "share of buurten": "aandeel van de buurten", "share of capacity":
            "aandeel van de capaciteit", "share": "aandeel", "share of hours": "aandeel uren",
            "x norm": "x norm", "years": "jaar"}


def t(key: str, lang: str) -> str:
    """The dashboard text ``key`` in ``lang`` ('nl' or 'en')."""
    nl, en = TEXT[key]
    return nl if lang == "nl" else en


def metric_name(name: str, lang: str) -> str:
    """A metric's plain name in ``lang``."""
    if lang == "nl" and name in _METRIC_NL:
        return _METRIC_NL[name]
    return REGISTRY.metrics[name].description


def metric_unit(name: str, lang: str) -> str:
    """A metric's unit in ``lang``."""
    return unit(REGISTRY.metrics[name].unit, lang)


def unit(text: str, lang: str) -> str:
    """A unit in ``lang``."""
    return _UNIT_NL.get(text, text) if lang == "nl" else text


def control_label(key: str, doc: str, lang: str) -> str:
    """A control's label in ``lang`` (the schema's doc when no label is kept here)."""
    words = CONTROL.get(key) or _POLICY_CONTROLS.get(key)
    if words:
        nl, en = words
        return nl if lang == "nl" else en
    return doc[:1].upper() + doc[1:] if doc else key
