"""Filters and sorts in Python's idiom: ``where`` builds the core's ``Filter`` values.

>>> import datetime
>>> from anytype import where, desc
>>> friday = datetime.date(2027, 3, 5)
>>> todo = (
...     (where.checkbox("done") == False)
...     & (where.date("due_date") < friday)
...     & where.multi_select("tag").any_of("tag-id-a", "tag-id-b")
... )
>>> type(todo).__qualname__
'Filter.AND'
>>> desc("created_date")
Sort(property=<SortProperty.CREATED_DATE: 0>, direction=<SortDirection.DESC: 1>)

``where.<format>(key)`` names a property and its format (``text``, ``number``, ``date``,
``checkbox``, ``url``, ``email``, ``phone``, ``select``, ``multi_select``, ``objects``,
``files``); its operators and methods make one condition, a generated ``Filter.CONDITION``:

* ``==`` ``!=`` ``<`` ``<=`` ``>`` ``>=`` (or ``eq ne lt lte gt gte``), ``contains(text)``,
  ``not_contains(text)``, ``is_empty()``, ``is_not_empty()``;
* for tags and linked objects (select, multi_select, objects, files): ``any_of(*ids)``,
  ``none_of(*ids)``, ``all_of(*ids)``, taking ids or the ``Tag`` / ``Object`` records themselves.

``a & b`` and ``a | b`` combine filters (``Filter.AND`` / ``Filter.OR``, nested groups of the
same kind flattened), as do ``where.all_of(*filters)`` and ``where.any_of(*filters)``. Python's
``&`` and ``|`` bind tighter than comparisons: write ``(where.number("n") > 1) & ...``, or use the
methods (``where.number("n").gt(1) & ...``); chained comparisons (``1 < x < 5``) don't combine.
Type checkers see what the builders return as ``FilterExpr``, the generated ``Filter`` with
``&`` and ``|`` (at run time ``FilterExpr is Filter``).

Values take Python types: ``str`` for text, URLs, e-mails, phones and ids, ``int``/``float`` for
numbers, ``bool`` for checkboxes, and ``datetime.datetime`` (a naive one is local time) or
``datetime.date`` (midnight UTC) for dates, as everywhere in the package. A value of another type
raises ``TypeError`` naming the argument. Whether a condition means something for its format is
the core's to say: a filter like ``where.text("name") > "a"`` builds, and the call it is passed to
raises ``AnytypeError.InvalidInput`` (``field == "filter"``, naming the property, the condition
and the format) before anything is sent.
"""

from __future__ import annotations

import datetime
import json
from typing import (
    TYPE_CHECKING, Any, Callable, Generic, Iterable, List, Sequence, TypeVar, Union, cast,
)

from . import _aware  # naive datetime = local time, date = midnight UTC (anytype/__init__.py)
from ._ffi.anytype_ffi import (
    Filter,
    FilterCondition,
    FilterValue,
    Object,
    PropertyFormat,
    Sort,
    SortDirection,
    SortProperty,
    Tag,
)

__all__ = ["where", "asc", "desc", "Where", "PropertyFilter", "IdsFilter", "FilterExpr"]

if TYPE_CHECKING:

    class FilterExpr(Filter):
        """For type checkers: a generated ``Filter`` with the ``&`` / ``|`` this module adds."""

        def __and__(self, other: Filter) -> FilterExpr: ...
        def __rand__(self, other: Filter) -> FilterExpr: ...
        def __or__(self, other: Filter) -> FilterExpr: ...
        def __ror__(self, other: Filter) -> FilterExpr: ...

else:
    #: At run time the generated ``Filter`` itself (the operators are added to it below).
    FilterExpr = Filter


def _filter(made: Any) -> FilterExpr:
    """A generated variant (``Filter.AND(...)``): type checkers don't see the variants as
    ``Filter``s (they become subclasses only at run time)."""
    return cast("FilterExpr", made)


def _value(made: Any) -> FilterValue:
    return cast(FilterValue, made)


def _format(variant: Any) -> PropertyFormat:
    return cast(PropertyFormat, variant())


V = TypeVar("V")

#: What the id conditions take: an id, or the record it is the id of.
IdLike = Union[str, Tag, Object]


def _type_error(where: str, argument: str, wanted: str, value: Any) -> TypeError:
    return TypeError(f"{where}: {argument} must be {wanted}, got {type(value).__name__} {value!r}")


# --- value converters: a Python value -> the core's FilterValue of one format ------------------
# Each checks only the Python type (TypeError); what a value means is the core's to check.


def _text(variant: Callable[[str], FilterValue]) -> Callable[[str, str, Any], FilterValue]:
    def convert(where: str, argument: str, value: Any) -> FilterValue:
        if not isinstance(value, str):
            raise _type_error(where, argument, "a str", value)
        return variant(value)

    return convert


def _number(where: str, argument: str, value: Any) -> FilterValue:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _type_error(where, argument, "an int or a float", value)
    return _value(FilterValue.NUMBER(number=float(value)))


def _date(where: str, argument: str, value: Any) -> FilterValue:
    if not isinstance(value, datetime.date):
        raise _type_error(where, argument, "a datetime.datetime or a datetime.date", value)
    return _value(FilterValue.DATE(date=_aware(value)))  # the package's one date convention


def _checkbox(where: str, argument: str, value: Any) -> FilterValue:
    if not isinstance(value, bool):
        raise _type_error(where, argument, "a bool", value)
    return _value(FilterValue.CHECKBOX(checked=value))


def _id(where: str, argument: str, value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (Tag, Object)):
        return value.id
    raise _type_error(where, argument, "an id (str), a Tag or an Object", value)


def _ids(variant: Callable[[List[str]], FilterValue]) -> Callable[[str, str, Any], FilterValue]:
    def convert(where: str, argument: str, value: Any) -> FilterValue:
        return variant([_id(where, argument, value)])

    return convert


class PropertyFilter(Generic[V]):
    """Conditions on one property of one format: get one from ``where.text(key)``, ... .

    Each operator or method returns a generated ``Filter.CONDITION``; nothing is checked here but
    Python types (the core checks the condition when the filter is used).
    """

    __slots__ = ("key", "format", "_convert", "_builder")

    def __init__(
        self,
        key: str,
        format: PropertyFormat,
        convert: Callable[[str, str, Any], FilterValue],
        builder: str,
    ) -> None:
        self.key = key
        self.format = format
        self._convert = convert
        self._builder = builder

    def __repr__(self) -> str:
        return f"where.{self._builder}({self.key!r})"

    def _condition(self, condition: FilterCondition, value: FilterValue) -> FilterExpr:
        return _filter(Filter.CONDITION(key=self.key, condition=condition, value=value))

    def _with(self, method: str, condition: FilterCondition, value: Any, argument: str = "value") -> FilterExpr:
        where = f"{self!r}.{method}()"
        return self._condition(condition, self._convert(where, argument, value))

    def eq(self, value: V) -> FilterExpr:
        """``eq``: equal to ``value`` (also ``==``)."""
        return self._with("eq", FilterCondition.EQ, value)

    def ne(self, value: V) -> FilterExpr:
        """``ne``: not equal to ``value`` (also ``!=``); objects without a value match."""
        return self._with("ne", FilterCondition.NE, value)

    def gt(self, value: V) -> FilterExpr:
        """``gt``: greater than ``value`` (also ``>``)."""
        return self._with("gt", FilterCondition.GT, value)

    def gte(self, value: V) -> FilterExpr:
        """``gte``: greater than or equal to ``value`` (also ``>=``)."""
        return self._with("gte", FilterCondition.GTE, value)

    def lt(self, value: V) -> FilterExpr:
        """``lt``: less than ``value`` (also ``<``); objects without a value match."""
        return self._with("lt", FilterCondition.LT, value)

    def lte(self, value: V) -> FilterExpr:
        """``lte``: less than or equal to ``value`` (also ``<=``)."""
        return self._with("lte", FilterCondition.LTE, value)

    def contains(self, text: V) -> FilterExpr:
        """``contains``: contains ``text``, ignoring case."""
        return self._with("contains", FilterCondition.CONTAINS, text, "text")

    def not_contains(self, text: V) -> FilterExpr:
        """``ncontains``: does not contain ``text``, ignoring case."""
        return self._with("not_contains", FilterCondition.NOT_CONTAINS, text, "text")

    def is_empty(self) -> FilterExpr:
        """``empty``: has no value."""
        return self._condition(FilterCondition.EMPTY, _value(FilterValue.UNSET(format=self.format)))

    def is_not_empty(self) -> FilterExpr:
        """``nempty``: has a value."""
        return self._condition(FilterCondition.NOT_EMPTY, _value(FilterValue.UNSET(format=self.format)))

    # The operators: `where.number("n") >= 3` is `where.number("n").gte(3)`.
    __eq__ = eq  # type: ignore[assignment]
    __ne__ = ne  # type: ignore[assignment]
    __gt__ = gt
    __ge__ = gte
    __lt__ = lt
    __le__ = lte
    __hash__ = None  # type: ignore[assignment]

    def __bool__(self) -> bool:
        raise TypeError(
            f"{self!r} is not a condition: compare it (==, <, ...) or call a method (is_empty(), ...)"
        )


class IdsFilter(PropertyFilter[IdLike]):
    """Conditions on a property that holds tags or linked objects (select, multi_select,
    objects, files): ``== id`` (one tag), ``any_of``, ``none_of``, ``all_of``, ``is_empty``."""

    __slots__ = ("_many",)

    def __init__(
        self,
        key: str,
        format: PropertyFormat,
        many: Callable[[List[str]], FilterValue],
        builder: str,
    ) -> None:
        super().__init__(key, format, _ids(many), builder)
        self._many = many

    def _list(self, method: str, condition: FilterCondition, ids: Sequence[Any]) -> FilterExpr:
        where = f"{self!r}.{method}()"
        if len(ids) == 1 and isinstance(ids[0], (list, tuple, set, frozenset)):
            ids = list(ids[0])  # any_of([a, b]) as well as any_of(a, b)
        values = [_id(where, f"ids[{i}]", value) for i, value in enumerate(ids)]
        return self._condition(condition, self._many(values))

    def any_of(self, *ids: Union[IdLike, Iterable[IdLike]]) -> FilterExpr:
        """``in``: has any of ``ids`` (tag ids, object ids, or the records)."""
        return self._list("any_of", FilterCondition.ANY_OF, ids)

    def none_of(self, *ids: Union[IdLike, Iterable[IdLike]]) -> FilterExpr:
        """``nin``: has none of ``ids``; objects without a value match."""
        return self._list("none_of", FilterCondition.NONE_OF, ids)

    def all_of(self, *ids: Union[IdLike, Iterable[IdLike]]) -> FilterExpr:
        """``all``: has every one of ``ids``."""
        return self._list("all_of", FilterCondition.ALL_OF, ids)


# The generated FilterValue variant of each format, as a function of its argument.
def _TEXT(text: str) -> FilterValue:
    return _value(FilterValue.TEXT(text=text))


def _URL(url: str) -> FilterValue:
    return _value(FilterValue.URL(url=url))


def _EMAIL(email: str) -> FilterValue:
    return _value(FilterValue.EMAIL(email=email))


def _PHONE(phone: str) -> FilterValue:
    return _value(FilterValue.PHONE(phone=phone))


def _SELECT(tags: List[str]) -> FilterValue:
    return _value(FilterValue.SELECT(tags=tags))


def _MULTI_SELECT(tags: List[str]) -> FilterValue:
    return _value(FilterValue.MULTI_SELECT(tags=tags))


def _OBJECTS(ids: List[str]) -> FilterValue:
    return _value(FilterValue.OBJECTS(ids=ids))


def _FILES(ids: List[str]) -> FilterValue:
    return _value(FilterValue.FILES(ids=ids))


def _key(method: str, key: Any) -> str:
    if not isinstance(key, str):
        raise _type_error(f"where.{method}()", "key", "a property key (str)", key)
    return key


def _check_filters(method: str, filters: Sequence[Any]) -> List[Filter]:
    for i, f in enumerate(filters):
        if not isinstance(f, Filter):
            hint = ""
            if isinstance(f, PropertyFilter):
                hint = ": compare the property (==, <, ...) or call a method (is_empty(), ...)"
            elif isinstance(f, bool):
                hint = ": put each comparison in parentheses, (where.x == 1) & (where.y < 2)"
            raise TypeError(
                f"{method}: filters[{i}] must be a Filter, got {type(f).__name__} {f!r}{hint}"
            )
    return list(filters)


def _group(kind: type, filters: Sequence[Filter]) -> List[Filter]:
    out: List[Filter] = []
    for f in filters:
        out.extend(f.filters if isinstance(f, kind) else [f])  # type: ignore[attr-defined]
    return out


class Where:
    """The filter builders: ``where.text("name").contains("report")``, ... (see the module)."""

    __slots__ = ()

    def text(self, key: str) -> PropertyFilter[str]:
        """Conditions on the text property ``key`` (``name`` is one)."""
        return PropertyFilter(_key("text", key), _format(PropertyFormat.TEXT), _text(_TEXT), "text")

    def number(self, key: str) -> PropertyFilter[float]:
        """Conditions on the number property ``key`` (values: ``int`` or ``float``)."""
        return PropertyFilter(_key("number", key), _format(PropertyFormat.NUMBER), _number, "number")

    def date(self, key: str) -> PropertyFilter[datetime.date]:
        """Conditions on the date property ``key`` (values: ``datetime``, naive = local time, or
        ``date``, midnight UTC; compared as instants)."""
        return PropertyFilter(_key("date", key), _format(PropertyFormat.DATE), _date, "date")

    def checkbox(self, key: str) -> PropertyFilter[bool]:
        """Conditions on the checkbox property ``key`` (a missing value is ``False``)."""
        return PropertyFilter(_key("checkbox", key), _format(PropertyFormat.CHECKBOX), _checkbox, "checkbox")

    def url(self, key: str) -> PropertyFilter[str]:
        """Conditions on the URL property ``key``."""
        return PropertyFilter(_key("url", key), _format(PropertyFormat.URL), _text(_URL), "url")

    def email(self, key: str) -> PropertyFilter[str]:
        """Conditions on the e-mail property ``key``."""
        return PropertyFilter(_key("email", key), _format(PropertyFormat.EMAIL), _text(_EMAIL), "email")

    def phone(self, key: str) -> PropertyFilter[str]:
        """Conditions on the phone property ``key``."""
        return PropertyFilter(_key("phone", key), _format(PropertyFormat.PHONE), _text(_PHONE), "phone")

    def select(self, key: str) -> IdsFilter:
        """Conditions on the select property ``key`` (tags by id, or ``Tag`` records)."""
        return IdsFilter(_key("select", key), _format(PropertyFormat.SELECT), _SELECT, "select")

    def multi_select(self, key: str) -> IdsFilter:
        """Conditions on the multi-select property ``key`` (tags by id, or ``Tag`` records)."""
        return IdsFilter(
            _key("multi_select", key), _format(PropertyFormat.MULTI_SELECT), _MULTI_SELECT, "multi_select"
        )

    def objects(self, key: str) -> IdsFilter:
        """Conditions on the objects property ``key`` (object ids, or ``Object`` records)."""
        return IdsFilter(_key("objects", key), _format(PropertyFormat.OBJECTS), _OBJECTS, "objects")

    def files(self, key: str) -> IdsFilter:
        """Conditions on the files property ``key`` (file ids)."""
        return IdsFilter(_key("files", key), _format(PropertyFormat.FILES), _FILES, "files")

    def all_of(self, *filters: Filter) -> FilterExpr:
        """Every one of ``filters`` (``Filter.AND``; nested ``and`` groups are flattened)."""
        return _filter(Filter.AND(filters=_group(Filter.AND, _check_filters("where.all_of()", filters))))

    def any_of(self, *filters: Filter) -> FilterExpr:
        """Any of ``filters`` (``Filter.OR``; nested ``or`` groups are flattened)."""
        return _filter(Filter.OR(filters=_group(Filter.OR, _check_filters("where.any_of()", filters))))

    def raw_expression(self, expression: Any) -> FilterExpr:
        """Search only: a filter expression sent as it is (a ``dict``, or its JSON text)."""
        text = expression if isinstance(expression, str) else json.dumps(expression)
        return _filter(Filter.RAW_EXPRESSION(expression=text))

    def raw_query(self, name: str, value: str) -> FilterExpr:
        """List endpoints only: a query parameter sent as it is, e.g. ``("name[contains]", "x")``."""
        for argument, given in (("name", name), ("value", value)):
            if not isinstance(given, str):
                raise _type_error("where.raw_query()", argument, "a str", given)
        return _filter(Filter.RAW_QUERY(name=name, value=value))


#: The filter builders (see :class:`Where`).
where = Where()


# --- & and | on the generated Filter ----------------------------------------------------------


def _and(self: Filter, other: Any) -> FilterExpr:
    return _filter(Filter.AND(filters=_group(Filter.AND, _check_filters("&", [self, other]))))


def _or(self: Filter, other: Any) -> FilterExpr:
    return _filter(Filter.OR(filters=_group(Filter.OR, _check_filters("|", [self, other]))))


def _rand(self: Filter, other: Any) -> FilterExpr:
    return _filter(Filter.AND(filters=_group(Filter.AND, _check_filters("&", [other, self]))))


def _ror(self: Filter, other: Any) -> FilterExpr:
    return _filter(Filter.OR(filters=_group(Filter.OR, _check_filters("|", [other, self]))))


for _name, _operator in (("__and__", _and), ("__or__", _or), ("__rand__", _rand), ("__ror__", _ror)):
    setattr(Filter, _name, _operator)


# --- sorts ------------------------------------------------------------------------------------


def _sort_property(function: str, property: Union[SortProperty, str]) -> SortProperty:
    if isinstance(property, SortProperty):
        return property
    known = ", ".join(p.name.lower() for p in SortProperty)
    if not isinstance(property, str):
        raise _type_error(function, "property", f"a SortProperty or its name ({known})", property)
    try:
        return SortProperty[property.upper()]
    except KeyError:
        raise ValueError(f"{function}: property {property!r} is not one of {known}") from None


def asc(property: Union[SortProperty, str]) -> Sort:
    """Sort by ``property`` (a ``SortProperty`` or its name, e.g. ``"name"``), ascending."""
    return Sort(property=_sort_property("asc()", property), direction=SortDirection.ASC)


def desc(property: Union[SortProperty, str]) -> Sort:
    """Sort by ``property`` (a ``SortProperty`` or its name, e.g. ``"created_date"``), descending."""
    return Sort(property=_sort_property("desc()", property), direction=SortDirection.DESC)
