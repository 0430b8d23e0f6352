"""Care: who covers the hours residents need, and what that costs them.

Task split and self-care (``selfcare``), informal carers (``informal``), home care
(``homecare``), nursing homes and respite (``residential``), the care workforce
(``workforce``), consequences of unmet need and overload (``consequences``) and costs
(``costs``). Imports the engine and the population, never a policy.
"""
