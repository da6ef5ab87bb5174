from xinxi_dsl.generate import stale


def test_generated_is_fresh():
    assert stale() == [], "generated/ is stale: run python -m xinxi_dsl.generate"
