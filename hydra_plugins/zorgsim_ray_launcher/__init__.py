"""Hydra launcher ``hydra/launcher=ray``: a zorgsim sweep as Ray tasks (see ``ray_launcher``)."""
