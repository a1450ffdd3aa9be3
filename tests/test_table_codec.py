"""chalicelib.store.table converts values to DynamoDB attribute values and back without boto3
(importing it costs a cold start ~25 ms): it must answer as boto3's TypeSerializer and
TypeDeserializer do, for every value the service stores."""
from decimal import Decimal

import pytest
from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from hypothesis import given, strategies as st

from chalicelib.store import table

numbers = st.integers(min_value=-10**37, max_value=10**37) | st.decimals(
    allow_nan=False, allow_infinity=False, places=6, min_value=-10**20, max_value=10**20)
scalars = st.none() | st.booleans() | numbers | st.text(max_size=20) | st.binary(max_size=8)
sets = (st.frozensets(st.text(max_size=5), min_size=1, max_size=4)
        | st.frozensets(st.integers(-1000, 1000), min_size=1, max_size=4)
        | st.frozensets(st.binary(min_size=1, max_size=4), min_size=1, max_size=4))
values = st.recursive(scalars | sets, lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(st.text(max_size=5), inner, max_size=3), max_leaves=12)


def _boto3_reads(attribute):
    """boto3's answer as the service reads it: whole numbers as int, others as float, bytes as
    bytes, a set as a list in the stored order (a set's own order is arbitrary)."""
    (kind, value), = attribute.items()
    if kind in ("SS", "NS", "BS"):
        return [_boto3_reads({kind[0]: member}) for member in value]
    if kind == "M":
        return {k: _boto3_reads(v) for k, v in value.items()}
    if kind == "L":
        return [_boto3_reads(v) for v in value]
    read = TypeDeserializer().deserialize(attribute)
    if isinstance(read, Decimal):
        return int(read) if read == read.to_integral_value() else float(read)
    return bytes(read.value) if kind == "B" else read


def _sorted_sets(attribute):
    """Set members come in the set's own order; compare them as sorted lists."""
    if isinstance(attribute, dict):
        return {k: sorted(v) if k in ("SS", "NS", "BS") else _sorted_sets(v) for k, v in attribute.items()}
    if isinstance(attribute, list):
        return [_sorted_sets(v) for v in attribute]
    return attribute


@given(values)
def test_a_value_is_written_as_boto3_writes_it(value):
    assert _sorted_sets(table.serialize(value)) == _sorted_sets(TypeSerializer().serialize(value))


@given(st.dictionaries(st.text(min_size=1, max_size=5), values, max_size=4))
def test_an_item_reads_back_as_boto3_reads_it(item):
    stored = table.to_item(item)
    assert stored == {k: table.serialize(v) for k, v in item.items() if v is not None}     # None: left out
    assert table.from_item(stored) == {k: _boto3_reads(v) for k, v in stored.items()}


@pytest.mark.parametrize("value", [1.5, float("nan"), Decimal("Infinity"), Decimal("1e500"), object(), {1.5}])
def test_what_boto3_refuses_is_refused_the_same_way(value):
    with pytest.raises((TypeError, ArithmeticError)) as theirs:
        TypeSerializer().serialize(value)
    with pytest.raises(theirs.type):
        table.serialize(value)
