"""Settings for the PostgreSQL test run: the project's settings with a throwaway cluster started on import
(Django reads DATABASES before any pytest hook could change them)."""

import os

from sinergi.core.dbrouter import jobs_database
from sinergi.settings import *  # noqa: F403
from tests import pgcluster

if os.environ.get("SINERGI_TEST_DATABASE_URL"):
    import dj_database_url

    DATABASES = {"default": dj_database_url.parse(os.environ["SINERGI_TEST_DATABASE_URL"])}
else:
    _cluster = pgcluster.start()
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": "sinergi",
            "USER": _cluster.user,
            "HOST": _cluster.host,
            "PORT": str(_cluster.port),
        }
    }

# The jobs alias follows the test database (same database, own connection).
DATABASES["jobs"] = jobs_database(DATABASES["default"], VAR_DIR)  # noqa: F405
