from cluster.engine.scheduler.plugins.imagelocality import (
    ImageLocality,
    calculate_priority,
    normalized_image_name,
)
from tests.cluster.engine.scheduler.helpers import FakeHandle, node, pod

MB = 1024 * 1024


def image(name, mb):
    return {"names": [name], "sizeBytes": mb * MB}


def test_an_image_without_a_tag_is_latest():
    assert normalized_image_name("nginx") == "nginx:latest"
    assert normalized_image_name("registry:5000/app") == "registry:5000/app:latest"
    assert normalized_image_name("nginx:1.27") == "nginx:1.27"


def test_a_node_with_the_image_scores_by_its_size_and_how_few_nodes_have_it():
    nodes = [
        node("has", images=[image("nginx:1.27", 500)]),
        node("also", images=[image("nginx:1.27", 500)]),
        node("none", images=[]),
        node("silent"),
    ]
    plugin = ImageLocality(FakeHandle(nodes))
    scores = plugin.score_nodes({}, pod(image="nginx:1.27"), nodes)
    # 500 MB spread over half the nodes: 250 MB, between 23 MB and 1000 MB
    expected = 100 * (250 * MB - 23 * MB) // (1000 * MB - 23 * MB)
    assert scores == [expected, expected, 0, 0]


def test_small_images_score_nothing():
    assert calculate_priority(10 * MB, 1) == 0
    assert calculate_priority(5000 * MB, 1) == 100
