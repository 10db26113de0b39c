"""The Elasticsearch backend's index management, through every failure point: the real client over an in-memory
cluster (tests/app/fake_elasticsearch.py) that fails, times out or answers too late on any one request. Whatever
fails, the alias points at one complete index, writes are never lost silently, and no orphan index outlives the
next rebuild. Searching is the contract suite's (tests/app/test_search.py, against a real cluster when ES_URL is
set)."""

import base64
import socket
import time

import pytest

from config import load_settings
from search import IndexedDocument, SearchUnavailable, elastic
from search.elastic import ElasticsearchBackend
from tests.app.fake_elasticsearch import FAULTS, FakeCluster, Index

ALIAS = "caishen"
FIRST = f"{ALIAS}-{'0' * 20}"
OLD, NEW = range(1, 6), range(1, 9)  # what the index holds before a rebuild, and what the rebuild writes


def doc(doc_id: int) -> IndexedDocument:
    tokens = f"骑手 {doc_id}"  # pre-segmented: no jieba here
    return IndexedDocument(
        doc_id=doc_id,
        title="文书",
        text=tokens,
        kind="judgment",
        stage=None,
        province=None,
        body=None,
        case_number=None,
        year=None,
        decision_date=None,
        title_tokens="文书",
        text_tokens=tokens,
        masked_title_tokens="文书",
        masked_text_tokens=tokens,
    )


def batches(ids) -> list[list[IndexedDocument]]:
    ids = list(ids)
    return [[doc(i) for i in ids[k : k + 3]] for k in range(0, len(ids), 3)]


def ids(numbers) -> set[str]:
    return {str(i) for i in numbers}


@pytest.fixture(autouse=True)
def hosts_never_down_before(monkeypatch):
    monkeypatch.setattr(elastic, "_down", {})


def backend(cluster: FakeCluster, **options) -> ElasticsearchBackend:
    """Each failure reaches caishen's code: no retries by the client."""
    b = ElasticsearchBackend("http://fake:9200", ALIAS, node_class=cluster.node_class(), max_retries=0, **options)
    b.first_backoff_s = 0
    return b


def serving(cluster: FakeCluster) -> str:
    """The one index the alias points at, holding every document of a complete build."""
    (live,) = cluster.alias_targets(ALIAS)
    assert cluster.ids(live) in (ids(OLD), ids(NEW)), f"{live} holds {sorted(cluster.ids(live))}"
    return live


def filled() -> tuple[FakeCluster, ElasticsearchBackend]:
    cluster = FakeCluster()
    b = backend(cluster)
    b.index([doc(i) for i in OLD])
    return cluster, b


def _rebuild_steps() -> list[str]:
    cluster, b = filled()
    start = len(cluster.calls)
    b.rebuild(batches(NEW))
    return cluster.calls[start:]


REBUILD_STEPS = _rebuild_steps()


def test_a_rebuild_swaps_to_a_complete_index_and_drops_the_old():
    cluster, b = filled()
    assert b.rebuild(batches(NEW)) == len(NEW)
    live = serving(cluster)
    assert cluster.ids(live) == ids(NEW) and list(cluster.indices) == [live]
    assert cluster.indices[live].settings.get("refresh_interval") is None  # refreshes back on after the build
    b.index([doc(99)])
    assert "99" in cluster.ids(live)


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("step", range(len(REBUILD_STEPS)), ids=lambda i: f"{i}-{REBUILD_STEPS[i]}")
def test_a_rebuild_failing_at_any_step_keeps_a_complete_index_live(step, fault):
    cluster, b = filled()
    seen = []
    cluster.check = lambda c: seen.append(serving(c))  # after every request, the failing one included
    old = serving(cluster)
    cluster.faults[len(cluster.calls) + step] = fault
    try:
        b.rebuild(batches(NEW))
        failed = False
    except SearchUnavailable:
        failed = True
    cluster.check = lambda c: None
    live = serving(cluster)
    assert set(seen) <= {old, live}  # the alias was only ever on the old index, then on the new
    if failed:
        assert live == old and cluster.ids(live) == ids(OLD)
    leftovers = set(cluster.indices) - {live}
    if failed:  # what may stay until the next rebuild: an index whose creation or swap was sent but not answered
        assert all(n > old for n in leftovers)
        assert not leftovers or REBUILD_STEPS[step] in ("create", "update_aliases")
    else:  # or the old index, when deleting it after the swap failed
        assert leftovers <= {old}
    elastic._down.clear()
    b.index([doc(99)])  # writes go on, to the live index
    assert "99" in cluster.ids(cluster.alias_targets(ALIAS)[0])
    b.rebuild(batches(NEW))  # and the next rebuild leaves nothing behind
    assert list(cluster.indices) == [serving(cluster)]


def test_a_cluster_lost_mid_rebuild_keeps_the_live_index_and_the_next_rebuild_cleans_up():
    cluster, b = filled()
    old = serving(cluster)
    first_bulk = len(cluster.calls) + REBUILD_STEPS.index("bulk")
    cluster.faults.update({n: "refused" for n in range(first_bulk, first_bulk + 50)})  # down from here on
    with pytest.raises(SearchUnavailable, match="http://fake:9200.*cannot connect"):
        b.rebuild(batches(NEW))
    cluster.faults.clear()
    elastic._down.clear()
    assert serving(cluster) == old and len(cluster.indices) == 2  # the new index could not be removed
    # Its writes still paused (the pause could not be lifted): refused visibly, never lost.
    with pytest.raises(SearchUnavailable, match="writes are paused.*caishen reindex"):
        b.index([doc(99)])
    b.rebuild(batches(NEW))
    assert list(cluster.indices) == [serving(cluster)]
    b.index([doc(99)])


def test_writes_during_a_rebuild_are_refused_visibly():
    cluster, b = filled()
    writer = backend(cluster)  # another process, ingesting meanwhile
    refused = []

    def filling():
        for batch in batches(NEW):
            yield batch
            with pytest.raises(SearchUnavailable, match="writes are paused while `caishen reindex`") as exc:
                writer.index([doc(50)])
            refused.append(exc.value)
            with pytest.raises(SearchUnavailable, match="writes are paused"):
                writer.delete([1])

    b.rebuild(filling())
    assert len(refused) == len(batches(NEW))
    assert cluster.ids(serving(cluster)) == ids(NEW)
    writer.index([doc(50)])  # the next run indexes what was refused
    assert "50" in cluster.ids(cluster.alias_targets(ALIAS)[0])


def test_a_busy_cluster_is_retried_with_backoff():
    cluster, b = filled()
    first_bulk = len(cluster.calls) + REBUILD_STEPS.index("bulk")
    cluster.reject_items[first_bulk] = 2  # 429 for two documents of the first batch
    assert b.rebuild(batches(NEW)) == len(NEW)
    assert cluster.ids(serving(cluster)) == ids(NEW)
    assert cluster.calls.count("bulk") == REBUILD_STEPS.count("bulk") + 1 + 1  # the retry, and filled()'s write


def test_a_rebuild_that_misses_documents_is_not_swapped_in():
    cluster, b = filled()
    old = serving(cluster)
    lose_one = lambda: cluster.indices[max(cluster.indices)].docs.popitem()  # noqa: E731 (the new index, newest)
    cluster.before[len(cluster.calls) + REBUILD_STEPS.index("count")] = lose_one
    with pytest.raises(SearchUnavailable, match="holds 7 documents of 8 written; the alias stays"):
        b.rebuild(batches(NEW))
    assert serving(cluster) == old and list(cluster.indices) == [old]


def test_concurrent_rebuilds_never_leave_the_alias_on_two_indices():
    cluster, first = filled()
    second = backend(cluster)

    def filling():  # the second rebuild runs whole while the first fills: it removes the first's index
        second.rebuild(batches(NEW))
        yield from batches(NEW)

    with pytest.raises(SearchUnavailable, match="removed while it was filled"):
        first.rebuild(filling())
    assert list(cluster.indices) == [serving(cluster)]
    first.index([doc(99)])


def test_a_swap_fails_when_another_rebuild_moved_the_alias_first():
    cluster, first = filled()
    second = backend(cluster)
    swap = len(cluster.calls) + REBUILD_STEPS.index("update_aliases")

    def other_rebuild():  # just before the first swaps; its clean-up of the old index fails
        cluster.faults[len(cluster.calls) + len(REBUILD_STEPS) - 1] = "refused"
        second.rebuild(batches(NEW))

    cluster.before[swap] = other_rebuild
    with pytest.raises(SearchUnavailable, match="could not switch the alias.*aliases_not_found"):
        first.rebuild(batches(NEW))
    serving(cluster)  # the second's index, alone under the alias
    elastic._down.clear()
    first.rebuild(batches(NEW))
    assert list(cluster.indices) == [serving(cluster)]


def _start_steps() -> list[str]:
    cluster = FakeCluster()
    backend(cluster)
    return cluster.calls


START_STEPS = _start_steps()


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("step", range(len(START_STEPS)), ids=lambda i: f"{i}-{START_STEPS[i]}")
def test_a_start_failing_at_any_step_leaves_no_orphan(step, fault):
    cluster = FakeCluster()
    cluster.faults[step] = fault
    try:
        backend(cluster)
    except SearchUnavailable as exc:
        assert "http://fake:9200" in str(exc)
    assert set(cluster.indices) <= {FIRST} and all(ALIAS in i.aliases for i in cluster.indices.values())
    elastic._down.clear()
    b = backend(cluster)
    b.index([doc(1)])
    assert list(cluster.indices) == [FIRST] and cluster.ids(FIRST) == {"1"}


def test_processes_starting_together_attach_the_alias_once():
    cluster = FakeCluster()
    others = []
    cluster.before[START_STEPS.index("create")] = lambda: others.append(backend(cluster))  # wins the race
    first = backend(cluster)
    assert list(cluster.indices) == [FIRST] and cluster.alias_targets(ALIAS) == [FIRST]
    first.index([doc(1)])
    others[0].index([doc(2)])
    assert cluster.ids(FIRST) == {"1", "2"}


def test_an_index_that_took_the_alias_name_is_replaced_by_a_rebuild():
    cluster = FakeCluster()
    backend(cluster).index([doc(1)])
    del cluster.indices[FIRST]  # as a write auto-created it, before require_alias
    cluster.indices[ALIAS] = Index(docs={"1": {}})
    b = backend(cluster)
    assert set(cluster.indices) == {ALIAS}  # no orphan from the start that could not attach the alias
    with pytest.raises(SearchUnavailable, match="not an alias.*caishen reindex"):
        b.count()
    with pytest.raises(SearchUnavailable, match="not an alias"):
        b.index([doc(2)])
    b.rebuild(batches(NEW))
    assert list(cluster.indices) == [serving(cluster)] and ALIAS not in cluster.indices
    b.index([doc(2)])


def test_a_missing_alias_is_rebuilt():
    cluster = FakeCluster()
    backend(cluster).index([doc(1)])
    cluster.indices[FIRST].aliases.clear()  # removed by hand
    b = backend(cluster)
    with pytest.raises(SearchUnavailable, match="caishen reindex"):
        b.count()
    assert set(cluster.indices) == {FIRST}
    b.rebuild(batches(NEW))
    assert list(cluster.indices) == [serving(cluster)] and FIRST not in cluster.indices


def test_writes_never_create_an_index_under_the_alias_name():
    cluster = FakeCluster()
    b = backend(cluster)
    del cluster.indices[FIRST]  # the alias went with its index
    with pytest.raises(SearchUnavailable, match="require_alias"):
        b.index([doc(1)])
    with pytest.raises(SearchUnavailable, match="require_alias"):
        b.delete([1])
    assert ALIAS not in cluster.indices


def test_deleting_documents_the_index_does_not_hold_is_no_error():
    cluster, b = filled()
    b.delete([1, 404])
    assert cluster.ids(cluster.alias_targets(ALIAS)[0]) == ids(OLD) - {"1"}


def test_an_alias_over_two_indices_is_repaired_by_a_rebuild():
    cluster, b = filled()
    cluster.indices[FIRST.replace("0" * 20, "1" * 20)] = Index(aliases={ALIAS})  # two processes attached it once
    with pytest.raises(SearchUnavailable, match="no write index"):
        b.index([doc(1)])
    b.rebuild(batches(NEW))
    assert list(cluster.indices) == [serving(cluster)]


def test_a_cluster_of_another_major_version_is_refused_with_the_reason():
    cluster = FakeCluster("8.15.0")
    with pytest.raises(SearchUnavailable, match=r"version 8\.15\.0, but caishen's client .* speaks only to 9\.x"):
        backend(cluster)
    assert cluster.calls == ["info"] and not cluster.indices
    # What the check avoids: the client's own requests carry its compatibility header, which that cluster refuses.
    from elasticsearch import BadRequestError, Elasticsearch

    with pytest.raises(BadRequestError):
        Elasticsearch("http://fake:9200", node_class=cluster.node_class()).indices.exists_alias(name=ALIAS)


SECURED = {
    "CAISHEN_SEARCH_BACKEND": "elasticsearch",
    "ES_URL": "https://elastic:s3cret@fake:9200,https://fake2",
    "CAISHEN_ES_CA_CERTS": "",
}


@pytest.mark.parametrize(
    "fault, reason", [("refused", "cannot connect"), ("timeout", "no answer within"), ("error", "HTTP 500")]
)
def test_errors_name_the_hosts_and_never_the_credentials(fault, reason):
    settings = load_settings(env=SECURED)
    assert settings.es_hosts == ["https://fake:9200", "https://fake2:9200"]
    assert "s3cret" not in repr(settings)
    cluster = FakeCluster()
    cluster.faults = {0: fault, 1: fault}  # both nodes
    with pytest.raises(SearchUnavailable) as exc:
        ElasticsearchBackend.from_settings(settings, node_class=cluster.node_class(), max_retries=1)
    assert "https://fake:9200, https://fake2:9200" in str(exc.value) and reason in str(exc.value)
    assert "s3cret" not in str(exc.value) and exc.value.__cause__ is None
    assert cluster.headers[0]["authorization"] == "Basic " + base64.b64encode(b"elastic:s3cret").decode()


def test_a_refused_login_says_which_settings_to_check():
    cluster = FakeCluster()
    cluster.authorization = "ApiKey right"
    with pytest.raises(SearchUnavailable, match="authentication failed.*CAISHEN_ES_API_KEY") as exc:
        ElasticsearchBackend.from_settings(load_settings(env=SECURED), node_class=cluster.node_class())
    assert "s3cret" not in str(exc.value)


def test_an_api_key_is_sent_and_never_shown():
    settings = load_settings(env={**SECURED, "ES_URL": "https://fake:9200", "CAISHEN_ES_API_KEY": "a2V5OnNlY3JldA=="})
    assert "a2V5OnNlY3JldA==" not in repr(settings)
    cluster = FakeCluster()
    ElasticsearchBackend.from_settings(settings, node_class=cluster.node_class())
    assert cluster.headers[0]["authorization"] == "ApiKey a2V5OnNlY3JldA=="


def test_hosts_that_do_not_answer_are_not_asked_again_at_once():
    cluster = FakeCluster()
    cluster.faults[0] = "timeout"
    with pytest.raises(SearchUnavailable, match="no answer within"):
        backend(cluster)
    with pytest.raises(SearchUnavailable, match="not asked again"):
        backend(cluster)  # the next web request
    assert cluster.calls == ["info"]


def test_a_host_that_never_answers_costs_one_timeout_then_none():
    with socket.socket() as silent:  # accepts connections (the kernel does) and never answers: a black hole
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        started = time.monotonic()
        with pytest.raises(SearchUnavailable, match="no answer within the timeout"):
            ElasticsearchBackend(url, ALIAS, request_timeout=0.3, max_retries=1)
        assert time.monotonic() - started < 2  # two attempts of 0.3 s
        started = time.monotonic()
        with pytest.raises(SearchUnavailable, match="not asked again"):
            ElasticsearchBackend(url, ALIAS, request_timeout=0.3, max_retries=1)
        assert time.monotonic() - started < 0.1
