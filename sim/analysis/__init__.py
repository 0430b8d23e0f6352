"""Analysis across runs: calibration, scenario comparison, sensitivity, figures."""
