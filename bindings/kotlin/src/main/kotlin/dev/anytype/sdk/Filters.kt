// A typed builder for the generated `Filter` values (anytype_ffi.kt, same package), and `Sort`
// helpers.
//
// Only construction lives here: every builder below returns the generated `Filter.Condition`,
// `Filter.And` and `Filter.Or` records, and the Rust core checks them (a condition meaningless for
// its format, an empty id list, a blank key, a number that is not finite, an empty `anyOf { }`)
// when a call takes them, raising `AnytypeException.InvalidInput` (field `filter`) before anything
// is sent. The core also decides what the server evaluates and what the SDK evaluates itself.
//
// Each property format has its own class, offering the conditions of that format with arguments
// of its type (an `Instant` for a date, a `Boolean` for a checkbox, tag ids or `Tag`s for a
// select), so `checkbox("done") eq "no"` does not compile.
@file:JvmName("Filters")

package dev.anytype.sdk

import java.time.Instant
import java.time.LocalDate
import java.time.ZoneOffset

/** Marks the filter builder, so a nested `anyOf { }` cannot add to an outer group by mistake. */
@DslMarker
annotation class FilterDsl

/**
 * A filter that holds when every condition of [build] holds (an `and` group).
 *
 * ```kotlin
 * val open = allOf {
 *     checkbox("done") eq false
 *     date("due_date") lt friday
 *     anyOf {
 *         multiSelect("tag") hasAnyOf listOf(work, urgent)
 *         text("name") contains "report"
 *     }
 * }
 * ```
 *
 * Each condition written in the block (`property(key) condition value`) is one member of the group;
 * a nested [FilterGroup.allOf] / [FilterGroup.anyOf] is one member too, and [FilterGroup.add] adds
 * a filter built elsewhere. An empty block matches everything.
 */
fun allOf(build: FilterGroup.() -> Unit): Filter = Filter.And(FilterGroup().apply(build).members())

/**
 * A filter that holds when any condition of [build] holds (an `or` group). An empty block is
 * refused by the core (`InvalidInput`, field `filter`) when a call takes the filter.
 */
fun anyOf(build: FilterGroup.() -> Unit): Filter = Filter.Or(FilterGroup().apply(build).members())

/**
 * The receiver of [allOf] and [anyOf]: starts a condition on a property of one format
 * ([text], [number], [date], [checkbox], [url], [email], [phone], [select], [multiSelect],
 * [objects], [files]) and collects each condition completed in the block.
 */
@FilterDsl
class FilterGroup internal constructor() {
    private val filters = mutableListOf<Filter>()

    internal fun members(): List<Filter> = filters.toList()

    /** Add [filter] (built elsewhere, or a generated `Filter.RawExpression` / `Filter.RawQuery`) to this group. */
    fun add(filter: Filter): Filter = filter.also { filters += it }

    /** A nested `and` group, one member of this group. */
    fun allOf(build: FilterGroup.() -> Unit): Filter = add(dev.anytype.sdk.allOf(build))

    /** A nested `or` group, one member of this group. */
    fun anyOf(build: FilterGroup.() -> Unit): Filter = add(dev.anytype.sdk.anyOf(build))

    /** Conditions on the text property [key] (`name` is one). */
    fun text(key: String) = TextConditions(this, key, PropertyFormat.Text) { FilterValue.Text(it) }

    /** Conditions on the URL property [key]. */
    fun url(key: String) = TextConditions(this, key, PropertyFormat.Url) { FilterValue.Url(it) }

    /** Conditions on the e-mail property [key]. */
    fun email(key: String) = TextConditions(this, key, PropertyFormat.Email) { FilterValue.Email(it) }

    /** Conditions on the phone property [key]. */
    fun phone(key: String) = TextConditions(this, key, PropertyFormat.Phone) { FilterValue.Phone(it) }

    /** Conditions on the number property [key]. */
    fun number(key: String) = NumberConditions(this, key)

    /** Conditions on the date property [key] (compared as instants, to the second). */
    fun date(key: String) = DateConditions(this, key)

    /** Conditions on the checkbox property [key] (an object without a value is unchecked). */
    fun checkbox(key: String) = CheckboxConditions(this, key)

    /** Conditions on the select property [key] (one tag per object; tags by id or as [Tag]s). */
    fun select(key: String) = SelectConditions(this, key)

    /** Conditions on the multi-select property [key] (tags by id or as [Tag]s). */
    fun multiSelect(key: String) = IdsConditions(this, key, PropertyFormat.MultiSelect) { FilterValue.MultiSelect(it) }

    /** Conditions on the objects property [key] (linked object ids). */
    fun objects(key: String) = IdsConditions(this, key, PropertyFormat.Objects) { FilterValue.Objects(it) }

    /** Conditions on the files property [key] (file object ids). */
    fun files(key: String) = IdsConditions(this, key, PropertyFormat.Files) { FilterValue.Files(it) }
}

/** The start of a condition on the property [key] of [format]: completing it adds it to its group. */
sealed class PropertyConditions(private val group: FilterGroup, val key: String, val format: PropertyFormat) {
    /** The condition `key condition value`, added to the group. */
    protected fun condition(condition: FilterCondition, value: FilterValue): Filter =
        group.add(Filter.Condition(key, condition, value))

    /** `empty`: the property has no value. */
    protected fun emptyCondition(): Filter = condition(FilterCondition.EMPTY, FilterValue.Unset(format))

    /** `nempty`: the property has a value. */
    protected fun notEmptyCondition(): Filter = condition(FilterCondition.NOT_EMPTY, FilterValue.Unset(format))
}

/** Conditions on a text, URL, e-mail or phone property. */
class TextConditions internal constructor(
    group: FilterGroup,
    key: String,
    format: PropertyFormat,
    private val value: (String) -> FilterValue,
) : PropertyConditions(group, key, format) {
    /** `eq`: exactly [text] (case-sensitive). */
    infix fun eq(text: String) = condition(FilterCondition.EQ, value(text))
    /** `ne`: anything but [text] (objects without a value match). */
    infix fun ne(text: String) = condition(FilterCondition.NE, value(text))
    /** `contains`: contains [text], ignoring case. */
    infix fun contains(text: String) = condition(FilterCondition.CONTAINS, value(text))
    /** `ncontains`: does not contain [text], ignoring case. */
    infix fun notContains(text: String) = condition(FilterCondition.NOT_CONTAINS, value(text))
    /** `empty`: no value (or an empty text). */
    fun isEmpty() = emptyCondition()
    /** `nempty`: a value that is not empty. */
    fun isNotEmpty() = notEmptyCondition()
}

/** Conditions on a number property (an object without a value sorts below every number). */
class NumberConditions internal constructor(group: FilterGroup, key: String) :
    PropertyConditions(group, key, PropertyFormat.Number) {
    private fun number(n: Number) = FilterValue.Number(n.toDouble())
    /** `eq` */
    infix fun eq(n: Number) = condition(FilterCondition.EQ, number(n))
    /** `ne` (objects without a value match) */
    infix fun ne(n: Number) = condition(FilterCondition.NE, number(n))
    /** `gt` */
    infix fun gt(n: Number) = condition(FilterCondition.GT, number(n))
    /** `gte` */
    infix fun gte(n: Number) = condition(FilterCondition.GTE, number(n))
    /** `lt` (objects without a value match) */
    infix fun lt(n: Number) = condition(FilterCondition.LT, number(n))
    /** `lte` (objects without a value match) */
    infix fun lte(n: Number) = condition(FilterCondition.LTE, number(n))
    /** `empty`: no value. */
    fun isEmpty() = emptyCondition()
    /** `nempty`: a value. */
    fun isNotEmpty() = notEmptyCondition()
}

/**
 * Conditions on a date property, with an [Instant] (sent to the second) or a [LocalDate] (its
 * midnight UTC, which is how the server stores a date without a time). An object without a date
 * sorts below every date.
 */
class DateConditions internal constructor(group: FilterGroup, key: String) :
    PropertyConditions(group, key, PropertyFormat.Date) {
    private fun date(d: Instant) = FilterValue.Date(d)
    private fun date(d: LocalDate) = FilterValue.Date(d.atStartOfDay(ZoneOffset.UTC).toInstant())
    /** `eq`: at this instant. */
    infix fun eq(d: Instant) = condition(FilterCondition.EQ, date(d))
    /** `ne`: at any other instant (objects without a date match). */
    infix fun ne(d: Instant) = condition(FilterCondition.NE, date(d))
    /** `gt`: after. */
    infix fun gt(d: Instant) = condition(FilterCondition.GT, date(d))
    /** `gte`: at or after. */
    infix fun gte(d: Instant) = condition(FilterCondition.GTE, date(d))
    /** `lt`: before (objects without a date match). */
    infix fun lt(d: Instant) = condition(FilterCondition.LT, date(d))
    /** `lte`: at or before (objects without a date match). */
    infix fun lte(d: Instant) = condition(FilterCondition.LTE, date(d))
    /** `eq`: at midnight UTC of [d]. */
    infix fun eq(d: LocalDate) = condition(FilterCondition.EQ, date(d))
    /** `ne`: at any instant but midnight UTC of [d]. */
    infix fun ne(d: LocalDate) = condition(FilterCondition.NE, date(d))
    /** `gt`: after midnight UTC of [d]. */
    infix fun gt(d: LocalDate) = condition(FilterCondition.GT, date(d))
    /** `gte`: at or after midnight UTC of [d]. */
    infix fun gte(d: LocalDate) = condition(FilterCondition.GTE, date(d))
    /** `lt`: before midnight UTC of [d]. */
    infix fun lt(d: LocalDate) = condition(FilterCondition.LT, date(d))
    /** `lte`: at or before midnight UTC of [d]. */
    infix fun lte(d: LocalDate) = condition(FilterCondition.LTE, date(d))
    /** `empty`: no date. */
    fun isEmpty() = emptyCondition()
    /** `nempty`: a date. */
    fun isNotEmpty() = notEmptyCondition()
}

/** Conditions on a checkbox property (an object without a value is unchecked). */
class CheckboxConditions internal constructor(group: FilterGroup, key: String) :
    PropertyConditions(group, key, PropertyFormat.Checkbox) {
    /** `eq`: checked when [checked], else unchecked. */
    infix fun eq(checked: Boolean) = condition(FilterCondition.EQ, FilterValue.Checkbox(checked))
    /** `ne`: the other state. */
    infix fun ne(checked: Boolean) = condition(FilterCondition.NE, FilterValue.Checkbox(checked))
}

/** Conditions on a select property: its one tag, by id or as a [Tag]. */
class SelectConditions internal constructor(group: FilterGroup, key: String) :
    PropertyConditions(group, key, PropertyFormat.Select) {
    private fun tags(ids: Collection<String>) = FilterValue.Select(ids.toList())
    /** `eq`: the tag with id [tagId]. */
    infix fun eq(tagId: String) = condition(FilterCondition.EQ, tags(listOf(tagId)))
    /** `eq`: the tag [tag]. */
    infix fun eq(tag: Tag) = eq(tag.id)
    /** `ne`: any tag but [tagId], or none. */
    infix fun ne(tagId: String) = condition(FilterCondition.NE, tags(listOf(tagId)))
    /** `ne`: any tag but [tag], or none. */
    infix fun ne(tag: Tag) = ne(tag.id)
    /** `in`: one of the tags [tagIds]. */
    infix fun hasAnyOf(tagIds: Collection<String>) = condition(FilterCondition.ANY_OF, tags(tagIds))
    /** `in`: one of [tags]. */
    @JvmName("hasAnyOfTags")
    infix fun hasAnyOf(tags: Collection<Tag>) = hasAnyOf(tags.map { it.id })
    /** `nin`: none of the tags [tagIds] (objects without a tag match). */
    infix fun hasNoneOf(tagIds: Collection<String>) = condition(FilterCondition.NONE_OF, tags(tagIds))
    /** `nin`: none of [tags]. */
    @JvmName("hasNoneOfTags")
    infix fun hasNoneOf(tags: Collection<Tag>) = hasNoneOf(tags.map { it.id })
    /** `empty`: no tag. */
    fun isEmpty() = emptyCondition()
    /** `nempty`: a tag. */
    fun isNotEmpty() = notEmptyCondition()
}

/**
 * Conditions on a property holding several ids: the tags of a multi-select (by id or as [Tag]s),
 * the linked objects of an objects property, the files of a files property.
 */
class IdsConditions internal constructor(
    group: FilterGroup,
    key: String,
    format: PropertyFormat,
    private val value: (List<String>) -> FilterValue,
) : PropertyConditions(group, key, format) {
    /** `in`: at least one of [ids]. */
    infix fun hasAnyOf(ids: Collection<String>) = condition(FilterCondition.ANY_OF, value(ids.toList()))
    /** `in`: at least one of [tags] (a multi-select). */
    @JvmName("hasAnyOfTags")
    infix fun hasAnyOf(tags: Collection<Tag>) = hasAnyOf(tags.map { it.id })
    /** `nin`: none of [ids]. */
    infix fun hasNoneOf(ids: Collection<String>) = condition(FilterCondition.NONE_OF, value(ids.toList()))
    /** `nin`: none of [tags] (a multi-select). */
    @JvmName("hasNoneOfTags")
    infix fun hasNoneOf(tags: Collection<Tag>) = hasNoneOf(tags.map { it.id })
    /** `all`: every one of [ids]. */
    infix fun hasAllOf(ids: Collection<String>) = condition(FilterCondition.ALL_OF, value(ids.toList()))
    /** `all`: every one of [tags] (a multi-select). */
    @JvmName("hasAllOfTags")
    infix fun hasAllOf(tags: Collection<Tag>) = hasAllOf(tags.map { it.id })
    /** `empty`: none at all. */
    fun isEmpty() = emptyCondition()
    /** `nempty`: at least one. */
    fun isNotEmpty() = notEmptyCondition()
}

// --------------------------------------------------------------------------------------------
// Sorts (search only)
// --------------------------------------------------------------------------------------------

/** Search results sorted by [property], ascending (`name` ignores case). */
fun Sort.Companion.asc(property: SortProperty): Sort = Sort(property, SortDirection.ASC)

/** Search results sorted by [property], descending: `Sort.desc(SortProperty.CREATED_DATE)` is newest first. */
fun Sort.Companion.desc(property: SortProperty): Sort = Sort(property, SortDirection.DESC)
