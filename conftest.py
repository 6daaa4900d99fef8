import os

# Tests run with a throwaway key; production refuses to start without DTRACK_SECRET_KEY (see README).
os.environ.setdefault("DTRACK_SECRET_KEY", "tests-only-not-secret")
