"""Settings per situation: ``dev`` (default for manage.py), ``test`` and ``production``.

Everything deploy-specific is read from the environment in ``base``; see ``.env.example``.
"""
