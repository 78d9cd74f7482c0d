import pytest


@pytest.fixture(scope="session")
def parser():
    # Builds the gazetteer cache on first use (about a minute, once per machine), then loads it in seconds.
    from civicatlas.places import geoparser

    return geoparser()
