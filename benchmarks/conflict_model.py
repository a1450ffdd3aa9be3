"""DynamoDB's contention, modelled around the emulator's client: for tests and the hot-event load test.

moto runs one request at a time and never cancels a transaction for a conflict, nor throttles.
``ConflictModel`` wraps its DynamoDB client and adds what DynamoDB does under load:

- **TransactionConflict.** A ``TransactWriteItems`` holds each item it names (Put, Update, Delete
  and ConditionCheck alike) for ``window`` seconds from its start, and answers when they are
  over (its service time). Another transaction that names a held item is cancelled: ``TransactionCanceledException`` with one ``CancellationReasons``
  entry per item, ``TransactionConflict`` at each held item and ``None`` elsewhere, and nothing
  written. A single write (PutItem, UpdateItem, DeleteItem) on a held item fails with
  ``TransactionConflictException``. AWS does not publish how long a transaction holds its items;
  ``window`` defaults to docs/scaling.md's assumption, 10 ms.
- **Write units per partition.** Every write is charged to its partition key, in the second it
  starts: per item ``ceil(size / 1 KB)`` units (the larger of the item before and after, as
  DynamoDB charges), twice that in a transaction (a ConditionCheck is charged as a write of its
  item). A request that would take its partition past ``partition_wcu`` (1,000) units in that
  second is refused and writes nothing: ``ProvisionedThroughputExceededException`` for a single
  write, ``TransactionCanceledException`` with ``ThrottlingError`` for a transaction. The
  partition is the partition key value: DynamoDB's split for heat (a hot key's items spread over
  partitions by sort key, minutes after the heat starts) is left out, the pessimistic case.

Reads pass through unchanged (DynamoDB's 3,000 read units per partition are not the limit here).
Calls reach moto one at a time (it is not thread-safe); ``clock`` and ``scale`` let a run on a slow
machine stretch time: with ``scale`` 4 a window of 10 ms lasts 40 ms of the clock and a second
of write units 4 s, so the offered load and the model keep their proportions.
Not in the deployed package: scripts/slim_package.py ships chalicelib/ and app.py only.
"""
import collections
import math
import threading
import time

from botocore.exceptions import ClientError

KB = 1024


class ConflictModel:
    def __init__(self, client, *, window: float = 0.010, partition_wcu: int = 1000, scale: float = 1.0,
                 clock=time.monotonic, sleep=time.sleep):
        self.client, self.window, self.partition_wcu = client, window * scale, partition_wcu
        self.second, self.clock, self.sleep = scale, clock, sleep
        self.lock = threading.Lock()
        self.held = {}                                          # (PK, SK) -> held until (clock)
        self.units = collections.defaultdict(int)               # (PK, second) -> write units
        self.stats = collections.Counter()                      # what the model did, for reports
        self.conflicts = collections.Counter()                  # item kind -> times it was held
        self.throttles = collections.Counter()                  # partition kind -> times it was full

    def __getattr__(self, name):        # reads and everything else: the emulator's own, one at a time
        call = getattr(self.client, name)
        if not callable(call):
            return call

        def one_at_a_time(*args, **kwargs):
            with self.lock:
                return call(*args, **kwargs)
        return one_at_a_time

    # ------------------------------------------------------------ writes

    def transact_write_items(self, **params):
        entries = [next(iter(entry.items())) for entry in params["TransactItems"]]
        ends = None
        try:
            with self.lock:
                now = self.clock()
                keys = [_key(op, request) for op, request in entries]
                held = [self.held.get(key, 0) > now for key in keys]
                if any(held):
                    self.stats["transaction_conflict"] += 1
                    self.conflicts.update(_kind(key) for key, h in zip(keys, held) if h)
                    raise _cancelled(["TransactionConflict" if h else "None" for h in held],
                                     "Transaction is ongoing for the item")
                charges = self._charges(entries, keys, transactional=True)
                if self._over(charges, now):
                    self.stats["throttled_transaction"] += 1
                    self.throttles.update(_kind((pk, "")) for pk in charges if self._over({pk: charges[pk]}, now))
                    raise _cancelled(["ThrottlingError"] * len(keys), "Throughput exceeds the current capacity")
                ends = now + self.window
                for key in keys:
                    self.held[key] = ends
                self._charge(charges, now)
                self.stats["transactions"] += 1
                return self.client.transact_write_items(**params)
        finally:       # a transaction that ran answers when its window is over, as DynamoDB's does
            if ends is not None:
                self.sleep(max(0.0, ends - self.clock()))

    def put_item(self, **params):
        return self._single("Put", params, self.client.put_item)

    def update_item(self, **params):
        return self._single("Update", params, self.client.update_item)

    def delete_item(self, **params):
        return self._single("Delete", params, self.client.delete_item)

    def _single(self, op, params, call):
        with self.lock:
            now = self.clock()
            key = _key(op, params)
            if self.held.get(key, 0) > now:
                self.stats["write_conflict"] += 1
                raise _error("TransactionConflictException", "Transaction is ongoing for the item")
            charges = self._charges([(op, params)], [key], transactional=False)
            if self._over(charges, now):
                self.stats["throttled_write"] += 1
                raise _error("ProvisionedThroughputExceededException", "Throughput exceeds the current capacity")
            self._charge(charges, now)
            return call(**params)

    # ------------------------------------------------------------ write units

    def _charges(self, entries, keys, *, transactional):
        """``{partition key: units}`` of the writes ``entries`` would make."""
        charges = collections.defaultdict(int)
        for (_, request), key in zip(entries, keys):
            stored = self.client.get_item(TableName=request["TableName"], Key=_key_of(request, key)).get("Item")
            size = max(item_size(stored or {}), item_size(request.get("Item", {})), 1)
            charges[key[0]] += math.ceil(size / KB) * (2 if transactional else 1)
        return charges

    def _over(self, charges, now):
        second = int(now / self.second)
        return any(self.units[(pk, second)] + units > self.partition_wcu for pk, units in charges.items())

    def _charge(self, charges, now):
        second = int(now / self.second)
        for pk, units in charges.items():
            self.units[(pk, second)] += units
            self.stats["write_units"] += units

    def busiest(self) -> dict:
        """``{partition key: the most write units it took in one second}``."""
        peak = collections.defaultdict(int)
        for (pk, _), units in self.units.items():
            peak[pk] = max(peak[pk], units)
        return dict(peak)


def _kind(key: tuple) -> str:
    """An item's kind for a report: its key without the ids (``EVENT#/META``, ``WAITLIST#``, ``RATE#event``)."""
    pk, sk = key
    head = pk.split("#")[0] + "#"
    if head == "RATE#":
        head += pk.split("#")[1]
    return head + ("/" + ("<window>" if sk.isdigit() else sk.split("#")[0]) if sk else "")


def item_size(item: dict) -> int:
    """DynamoDB's item size, near enough: attribute names plus values (numbers ~ their digits / 2 + 1)."""
    return sum(len(name.encode()) + _value_size(value) for name, value in item.items())


def _value_size(value: dict) -> int:
    (kind, inner), = value.items()
    if kind == "S":
        return len(inner.encode())
    if kind == "N":
        return len(inner) // 2 + 2
    if kind == "B":
        return len(inner)
    if kind in ("BOOL", "NULL"):
        return 1
    if kind == "M":
        return 3 + sum(len(k.encode()) + _value_size(v) + 1 for k, v in inner.items())
    if kind == "L":
        return 3 + sum(_value_size(v) + 1 for v in inner)
    return sum(len(str(v)) for v in inner)      # SS, NS, BS


def _key(_op, request) -> tuple:
    key = request.get("Key") or request.get("Item")
    return key["PK"]["S"], key["SK"]["S"]


def _key_of(request, key) -> dict:
    return request.get("Key") or {"PK": {"S": key[0]}, "SK": {"S": key[1]}}


def _cancelled(codes, message):
    reasons = [{"Code": code, **({"Message": message} if code != "None" else {})} for code in codes]
    return ClientError({"Error": {"Code": "TransactionCanceledException",
                                  "Message": f"Transaction cancelled, please refer cancellation reasons for specific "
                                             f"reasons [{', '.join(codes)}]"},
                        "CancellationReasons": reasons}, "TransactWriteItems")


def _error(code, message):
    return ClientError({"Error": {"Code": code, "Message": message}}, "WriteItem")


def install(monkeypatch=None, **options) -> ConflictModel:
    """Put a ConflictModel in front of ``chalicelib.aws.dynamodb()`` (with pytest's ``monkeypatch``,
    undone after the test); returns it."""
    from chalicelib import aws
    model = ConflictModel(aws.dynamodb(), **options)
    if monkeypatch is not None:
        monkeypatch.setattr(aws, "dynamodb", lambda: model)
    else:
        aws.dynamodb = lambda: model
    return model
