"""moto's TransactWriteItems, without its whole-table backup: for measurements only.

moto 5.2 backs a transaction up by deep-copying the whole table once per item in it, and
restores that copy if the transaction is cancelled. Its cost grows with the table (about
350 ms a signup once 200 registrations are stored, on this machine), so a benchmark of
thousands of signups would measure moto's copying. ``journaled_transactions`` instead
keeps a copy of just the items the transaction names, and of the stream's length, and
puts those back when it is cancelled: the same outcome (a cancelled transaction leaves
no write and no stream record, as in DynamoDB), at a cost that does not grow.

The benchmarks check the outcome where it matters: the hot-event load test compares the
event's counters with the stored registrations after thousands of cancelled transactions.
Tests and ``make dev`` use moto unchanged.
"""
import copy as stdlib_copy
import types


def journaled_transactions():
    """Patch moto (this process); returns a function that puts moto back as it was."""
    from moto.dynamodb import models
    from moto.dynamodb.models.dynamo_type import DynamoType
    from moto.dynamodb.models.table import Table

    if getattr(models.DynamoDBBackend.transact_write_items, "journaled", False):
        return lambda: None
    saved_copy, original = models.copy, models.DynamoDBBackend.transact_write_items

    def deepcopy(value, memo=None):       # moto's backup of a Table: skipped, the journal replaces it
        return value if isinstance(value, Table) else stdlib_copy.deepcopy(value, memo)
    models.copy = types.SimpleNamespace(deepcopy=deepcopy, copy=stdlib_copy.copy)

    def transact_write_items(backend, transact_items):
        journal, streams = [], {}
        for entry in transact_items:
            op = next(iter(entry.values()))
            table = backend.tables.get(op.get("TableName"))
            if table is None:
                continue
            key = op.get("Key") or op.get("Item") or {}
            hash_key = DynamoType(key[table.hash_key_attr]) if table.hash_key_attr in key else None
            range_key = DynamoType(key[table.range_key_attr]) if table.range_key_attr in key else None
            held = table.items.get(hash_key, {})
            before = held.get(range_key) if table.has_range_key else held or None
            journal.append((table, hash_key, range_key, stdlib_copy.deepcopy(before)))
            if table.stream_shard is not None:
                streams[id(table)] = (table, len(table.stream_shard.items))
        try:
            return original(backend, transact_items)
        except Exception:
            for table, hash_key, range_key, before in reversed(journal):
                if table.has_range_key:
                    if before is None:
                        table.items.get(hash_key, {}).pop(range_key, None)
                    else:
                        table.items[hash_key][range_key] = before
                elif before is None:
                    table.items.pop(hash_key, None)
                else:
                    table.items[hash_key] = before
            for table, length in streams.values():
                del table.stream_shard.items[length:]
            raise
    transact_write_items.journaled = True
    models.DynamoDBBackend.transact_write_items = transact_write_items

    def undo():
        models.copy, models.DynamoDBBackend.transact_write_items = saved_copy, original
    return undo
