"""Faster moto request handling for the tests: the same answers, less work per AWS call.

Every test call goes through moto in-process; a profile of the suite spent most of its time in
moto's response serializer and in DynamoDB's UpdateExpression handling. ``apply()`` patches,
once per process:

- ``serializer_key_cache``: moto's serializer looks each response member up under the names
  its alias providers propose, asking all six providers again for every member of every item.
  The list depends on the key, the member's shape and its parent shape and the source object's
  class name only (unless the object names its own aliases, which is then asked as before), so
  it is computed once per (class, key, shape, parent).
- ``update_expression_cache``: an UpdateExpression string is parsed once; the parsed tree is
  only read (clauses found) or deep-copied before validation, never changed.
- ``fast_ast_traversal``: moto's depth-first walk over an expression's tree asked every node for
  its processor's (fixed) node classes afresh, building a dict each time; here they are read once
  per walk. The walk, the order and the processors are moto's.

Each patch says why its answers are moto's. tests/test_moto_speedups.py checks them against
moto unpatched.
"""
_CACHE_LIMIT = 50_000       # entries per cache; far above what the suite makes, a bound if it grew
ORIGINALS = []              # (owner, name, moto's own attribute): to compare with, or to put back


def serializer_key_cache():
    """The names moto's XFormedAttributePicker tries for a member, remembered.

    Safe because: apart from ExplicitAlias (which reads the object's own ``Meta`` and is left to
    moto: such objects take moto's own path), moto's default alias providers read only the key,
    ``shape`` (its name, type, serialization name), ``shape.parent`` (name, type, members) and
    ``obj.__class__.__name__``. botocore's shapes do not change once made; the cache keeps each
    shape and parent it was keyed on alive, so their ids are not reused, and checks they are the
    same objects. The names are tried in moto's order and the first present wins, as in moto;
    a picker with response transformers or other providers takes moto's own path.
    """
    from moto.core import serialize
    from moto.core.utils import MISSING, get_value as pick

    Picker, original = serialize.XFormedAttributePicker, serialize.ResponseSerializer.get_value
    if getattr(original, "cached_keys", False):
        return
    providers = list(serialize.DEFAULT_ALIAS_PROVIDERS)
    assert providers[0] is serialize.ExplicitAlias      # the one provider that reads the object
    cache = {}

    def possible_keys(picker, value, key, shape):
        """moto's names for ``key`` of ``value`` in the order it tries them, and whether they are all
        plain names (no dotted path), which a dict answers with ``get`` as moto's ``get_value`` does."""
        parent = getattr(shape, "parent", None)
        entry = cache.get((value.__class__, key, id(shape), id(parent)))
        if entry is not None and entry[0] is shape and entry[1] is parent:
            return entry[2], entry[3]
        context = serialize.AttributePickerContext(obj=value, key=key, shape=shape)
        keys = tuple(Picker.get_possible_keys(picker, context))
        plain = all(isinstance(k, str) and "." not in k for k in keys)
        if len(cache) >= _CACHE_LIMIT:
            cache.clear()
        cache[value.__class__, key, id(shape), id(parent)] = (shape, parent, keys, plain)
        return keys, plain

    def get_value(self, value, key, shape):
        picker = self._value_picker
        if (type(picker) is not Picker or picker.response_transformers
                or picker.alias_providers != providers or hasattr(getattr(value, "Meta", None), "serialization_aliases")):
            return original(self, value, key, shape)
        keys, plain = possible_keys(picker, value, key, shape)
        if plain and type(value) is dict:       # moto's get_value on a dict: value[k], MISSING on KeyError
            for possible_key in keys:
                found = value.get(possible_key, MISSING)
                if found is not MISSING:
                    return found
            return None
        for possible_key in keys:
            found = pick(value, possible_key, MISSING)
            if found is not MISSING:
                return found
        return None

    get_value.cached_keys = True
    ORIGINALS.append((serialize.ResponseSerializer, "get_value", original))
    serialize.ResponseSerializer.get_value = get_value


def update_expression_cache():
    """``UpdateExpressionParser.make`` remembered per expression string.

    Safe because: its callers in moto (DynamoDB's UpdateItem and TransactWriteItems) only read the
    tree (``find_clauses``) or hand it to ``UpdateExpressionValidator``, which deep-copies it before
    changing anything. An expression that does not parse raises every time (nothing is kept).
    """
    from moto.dynamodb.parsing.expressions import UpdateExpressionParser

    original = UpdateExpressionParser.make.__func__
    if getattr(original, "cached", False):
        return
    cache = {}

    def make(cls, expression_str):
        key = (cls, expression_str)
        tree = cache.get(key)
        if tree is None:
            tree = original(cls, expression_str)
            if len(cache) >= _CACHE_LIMIT:
                cache.clear()
            cache[key] = tree
        return tree

    make.cached = True
    ORIGINALS.append((UpdateExpressionParser, "make", UpdateExpressionParser.__dict__["make"]))
    UpdateExpressionParser.make = classmethod(make)


def fast_ast_traversal():
    """moto's ``DepthFirstTraverser.traverse``, with the processing map read once per walk.

    Safe because: every processor's ``_processing_map`` returns the same classes and methods each
    time (a dict literal of its own bound methods); the walk below is moto's
    ``traverse_node_recursively`` line for line otherwise (children first, ``pre_processing_of_child``
    before each child, the first class in the map's order that matches the node picks its processor,
    the result takes the node's place and parent). A traverser that overrides the walk itself keeps it.
    """
    from moto.dynamodb.parsing.ast_nodes import DepthFirstTraverser, Node

    if getattr(DepthFirstTraverser.traverse, "fast", False):
        return
    base = {name: getattr(DepthFirstTraverser, name) for name in (
        "traverse_node_recursively", "nodes_to_be_processed", "process")}
    original_traverse = DepthFirstTraverser.traverse

    def traverse(self, node):
        if any(getattr(type(self), name) is not method for name, method in base.items()):
            return original_traverse(self, node)
        processors = tuple(self._processing_map().items())
        classes = tuple(cls for cls, _ in processors)
        pre = self.pre_processing_of_child

        def walk(node, child_id):
            if isinstance(node, Node):
                parent_node = node.parent
                if node.children is not None:
                    for i, child_node in enumerate(node.children):
                        pre(node, i)
                        walk(child_node, i)
                if isinstance(node, classes):
                    for cls, processor in processors:
                        if isinstance(node, cls):
                            node = processor(node)
                            break
                    node.parent = parent_node
                    if parent_node:
                        parent_node.children[child_id] = node
            return node
        return walk(node, -1)

    traverse.fast = True
    ORIGINALS.append((DepthFirstTraverser, "traverse", original_traverse))
    DepthFirstTraverser.traverse = traverse


def apply():
    serializer_key_cache()
    update_expression_cache()
    fast_ast_traversal()

