"""The population: who lives in the town, their ties, their lives and their needs.

Residents and households (``residents``), the synthesis of a Flemish municipality
(``synthesis``), the typed social network (``network``), deaths, births and migration
(``demography``) and care needs (``needs``). Imports only the engine (and the settings).
"""
