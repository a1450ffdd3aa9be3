"""What Lambda does for the deployed service, done locally: feed the table's stream to
the email worker, and tick the scheduled jobs.

``chalice local`` runs no stream or schedule handlers, so ``make dev`` starts a
``Pump``: one thread reads the emulator's DynamoDB stream (``StreamReader``) and
passes each batch, in the shape Lambda delivers, to the very handler Lambda runs
(``app.email_worker``); another calls each of ``schedules`` every
``tick_seconds``. A handler that raises is logged and its batch skipped, so one
bug does not stop local mail (Lambda would retry the batch instead).

``keep_streams_across_rollbacks`` repairs a moto bug the pump would otherwise hit
on the first duplicate signup; call it once in the process that runs the emulator.
"""
import contextlib
import copy
import threading
import time
import traceback
import uuid
from datetime import datetime, timezone

POLL_SECONDS = 0.2
BATCH_SIZE = 25     # as app.email_worker's batch_size


class StreamReader:
    """Reads every shard of a DynamoDB stream from its start, in order, remembering where it is."""

    def __init__(self, stream_arn: str, client=None):
        from chalicelib import aws
        self.stream_arn = stream_arn
        self.client = client or aws.client("dynamodbstreams")
        self.iterators = {}     # shard id -> next iterator; None once a closed shard is drained

    def poll(self, limit: int = BATCH_SIZE) -> list:
        """The records written since the last poll (at most ``limit`` per shard), Lambda-shaped."""
        self._discover_shards()
        records = []
        for shard_id, iterator in list(self.iterators.items()):
            if iterator is None:
                continue
            page = self.client.get_records(ShardIterator=iterator, Limit=limit)
            self.iterators[shard_id] = page.get("NextShardIterator")
            records += [lambda_record(r, self.stream_arn) for r in page["Records"]]
        return records

    def _discover_shards(self) -> None:
        # TRIM_HORIZON, as the Lambda's starting_position: the emulator is new each run,
        # and a shard that appears later must be read from its first record.
        shards = self.client.describe_stream(StreamArn=self.stream_arn)["StreamDescription"]["Shards"]
        for shard in shards:
            if shard["ShardId"] not in self.iterators:
                self.iterators[shard["ShardId"]] = self.client.get_shard_iterator(
                    StreamArn=self.stream_arn, ShardId=shard["ShardId"],
                    ShardIteratorType="TRIM_HORIZON")["ShardIterator"]


def keep_streams_across_rollbacks() -> None:
    """Patch moto so that a cancelled transaction leaves the table's stream as it was.

    moto 5.2 rolls a cancelled TransactWriteItems back by restoring a deep copy of
    the table, stream shard included: open shard iterators keep the old shard, which
    holds the cancelled writes as records, and never see a later record (those go
    to the copy, reusing the same sequence numbers). DynamoDB writes no record for a
    cancelled transaction. The patch puts the original shard back, minus those records.
    """
    from moto.dynamodb.models import DynamoDBBackend
    if not getattr(DynamoDBBackend.transact_write_items, "keeps_streams", False):
        DynamoDBBackend.transact_write_items = rollback_safe(DynamoDBBackend.transact_write_items)


def rollback_safe(transact_write_items):
    def transact(backend, transact_items):
        shards = {name: (table.stream_shard, len(table.stream_shard.items))
                  for name, table in backend.tables.items() if table.stream_shard is not None}
        try:
            with _backups_share_the_stream():
                return transact_write_items(backend, transact_items)
        except Exception:
            for name, (shard, length) in shards.items():
                table = backend.tables.get(name)
                if table is not None:
                    del shard.items[length:]
                    shard.table, table.stream_shard = table, shard
            raise
    transact.keeps_streams = True
    return transact


@contextlib.contextmanager
def _backups_share_the_stream():
    """moto backs the table up (a deep copy, once per transaction item) before a transaction;
    most of that copy is the stream, which grows with every write. The backup shares the
    stream instead (the rollback above restores it): transactions stay fast as tables grow."""
    from moto.dynamodb.models.table import Table

    def backup(table, memo):
        memo[id(table.stream_shard)] = table.stream_shard
        clone = memo[id(table)] = Table.__new__(Table)
        clone.__dict__.update(copy.deepcopy(table.__dict__, memo))
        return clone
    Table.__deepcopy__ = backup
    try:
        yield
    finally:
        del Table.__deepcopy__


def lambda_record(record: dict, stream_arn: str) -> dict:
    """A GetRecords record as Lambda delivers it: epoch seconds, the source ARN and its region."""
    change = dict(record["dynamodb"])
    created = change.get("ApproximateCreationDateTime")
    if hasattr(created, "timestamp"):
        change["ApproximateCreationDateTime"] = created.timestamp()
    return {**record, "dynamodb": change, "eventSourceARN": stream_arn, "awsRegion": stream_arn.split(":")[3]}


def scheduled_event(rule_arn: str, now: datetime = None) -> dict:
    """The event EventBridge hands a scheduled Lambda, in full: chalice's ``CloudWatchEvent``
    reads every key (``version``, ``id``, ``account``, ``region``, ``time`` ...) and raises
    KeyError for a missing one. ``rule_arn`` is ``arn:aws:events:<region>:<account>:rule/<name>``.
    """
    _, _, _, region, account, _ = rule_arn.split(":", 5)
    moment = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    return {"version": "0", "id": str(uuid.uuid4()), "detail-type": "Scheduled Event", "source": "aws.events",
            "account": account, "time": moment.strftime("%Y-%m-%dT%H:%M:%SZ"), "region": region,
            "resources": [rule_arn], "detail": {}}


def schedule(handler, rule_arn: str):
    """A job for ``Pump``: call the scheduled ``handler`` as Lambda does, with a fresh event each tick."""
    def job():
        return handler(scheduled_event(rule_arn), None)
    job.__name__ = getattr(handler, "__name__", "schedule")
    return job


class Pump:
    """Background threads that stop when ``stopping`` is set or ``shutdown()`` is called.

    ``handler(event, context)`` gets ``{"Records": [...]}``; ``schedules`` are
    callables without arguments.
    """

    def __init__(self, stopping: threading.Event, reader: StreamReader, handler, schedules=(),
                 tick_seconds: float = 60):
        self.stopping, self.reader, self.handler = stopping, reader, handler
        self.schedules, self.tick_seconds = list(schedules), tick_seconds
        self.threads = [threading.Thread(target=self._pump, name="stream-pump", daemon=True),
                        threading.Thread(target=self._tick, name="schedules", daemon=True)]

    def start(self) -> "Pump":
        for thread in self.threads:
            thread.start()
        return self

    def shutdown(self) -> None:
        self.stopping.set()
        for thread in self.threads:     # daemon threads: one stuck in a handler ends with the process
            thread.join(timeout=1)

    def _pump(self) -> None:
        while not self.stopping.is_set():
            records = _guarded("stream read", self.reader.poll)
            if records and records is not FAILED:
                self._deliver({"Records": records})
            else:
                self.stopping.wait(POLL_SECONDS)

    def _deliver(self, batch) -> None:
        """As Lambda's event source does: a batch that raises is retried, then given up."""
        for attempt in range(1 + RETRIES):
            if _guarded("email_worker", self.handler, batch, None) is not FAILED:
                return
            self.stopping.wait(1 + attempt)
        print(f"[pump] gave up on a batch of {len(batch['Records'])} records (in AWS: the dead-letter queue)")

    def _tick(self) -> None:
        while not self.stopping.wait(self.tick_seconds):
            for job in self.schedules:
                _guarded(getattr(job, "__name__", "schedule"), job)


FAILED = object()
RETRIES = 3     # MaximumRetryAttempts of the deployed event source


def _guarded(what, function, *args):
    try:
        return function(*args)
    except Exception:  # noqa: BLE001 - keep the local stack running; show the bug
        print(f"[pump] {what} failed at {time.strftime('%H:%M:%S')}:\n{traceback.format_exc()}", flush=True)
        return FAILED
