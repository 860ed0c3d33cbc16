"""KS Atlas analytics: every piece of logic behind the dashboard, the CLI, the tests and the benches.

The package is laid out in rooms by job, each a subpackage; a room imports only from rooms below it
(tests/unit/test_imports.py enforces this, and that nothing here imports streamlit):

    data     files in, the database out: schema, readers, importer, reference, geo, demo, db
    metrics  numbers from the database: dates, catalogue, indicators, plans, trends, areas, peers
    access   who may see which number: protection (privacy), scopes, sign-in, audit log
    present  numbers into words and pictures: i18n, formatting, classes, figures, exports, report
    admin    running an installation: uploads, database versions (beside present)

Below the rooms: this module and `config` (configuration loading). Above them: `cli`.
"""
from pathlib import Path

__version__ = "0.1.0"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
