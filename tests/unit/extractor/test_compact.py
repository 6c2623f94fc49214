"""The compact village storage answers exactly as the dicts and lists it replaces."""

from hypothesis import given
from hypothesis import strategies as st

from services.extractor.compact import KeyIndex, RowChain, Rows

_keys = st.text(alphabet="abz $~-'", min_size=1, max_size=12)
_values = st.one_of(st.integers(-10**6, 10**6),
                    st.lists(st.integers(-10**6, 10**6), min_size=2, max_size=5).map(tuple))


@given(st.dictionaries(_keys, _values, max_size=60), st.lists(_keys, max_size=20))
def test_key_index_answers_as_the_dict(index, others):
    compact = KeyIndex(index)
    for key in [*index, *others]:
        assert compact.get(key) == index.get(key)
    assert len(compact) == len(index)


def test_a_key_that_is_the_start_of_another_is_not_found_in_it():
    compact = KeyIndex({"ab band": 3, "ab": (1, -2)})
    assert compact.get("ab") == (1, -2)
    assert compact.get("a") is None and compact.get("ab ban") is None


def test_rows_keep_text_with_any_letters_and_indexes_run_on_across_blocks():
    chain = RowChain()
    chain.append("base\t1")
    chain.extend_block(Rows(["Ḩalab\t2", "Şanlıurfa\t3"]))
    chain.extend_block(Rows(["Kyiv\t4"]))
    assert [chain[i] for i in range(len(chain))] == ["base\t1", "Ḩalab\t2", "Şanlıurfa\t3",
                                                     "Kyiv\t4"]
    assert list(chain) == [chain[i] for i in range(4)]
