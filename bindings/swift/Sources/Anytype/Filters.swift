// Hand-written: Swift spellings for building the generated `Filter` and `Sort` values.
//
// Construction only. Every function here returns a generated value (`Filter.condition`,
// `Filter.and`, `Filter.or`, `Sort`); what a filter means, whether it is valid, how it is sent and
// what the SDK evaluates itself all live in the Rust core (`core/src/filters.rs`). A bad filter
// (an empty `anyOf`, a blank key, a NaN, an empty `any([])`, or a raw `.condition` that makes no
// sense for its format) throws `AnytypeError.InvalidInput` (field `filter`) from the call that
// takes it, before anything is sent.
//
// Only the conditions that make sense for a format have a spelling here (there is no
// `.text(_:greaterThan:)`); the generated `.condition(key:condition:value:)` reaches every one.

import Foundation

extension Filter {
    private static func make(_ key: String, _ condition: FilterCondition, _ value: FilterValue) -> Filter {
        .condition(key: key, condition: condition, value: value)
    }

    // MARK: text, URL, e-mail, phone (exact and case-sensitive `equals`; `contains` ignores case)

    /// The text property `key` (`name` is one) is exactly `text`.
    public static func text(_ key: String, equals text: String) -> Filter { make(key, .eq, .text(text: text)) }
    /// The text property `key` is not exactly `text` (objects without it match).
    public static func text(_ key: String, notEquals text: String) -> Filter { make(key, .ne, .text(text: text)) }
    /// The text property `key` contains `text`, ignoring case.
    public static func text(_ key: String, contains text: String) -> Filter { make(key, .contains, .text(text: text)) }
    /// The text property `key` does not contain `text`, ignoring case (objects without it match).
    public static func text(_ key: String, notContains text: String) -> Filter { make(key, .notContains, .text(text: text)) }

    /// The URL property `key` is exactly `url`.
    public static func url(_ key: String, equals url: String) -> Filter { make(key, .eq, .url(url: url)) }
    /// The URL property `key` is not exactly `url`.
    public static func url(_ key: String, notEquals url: String) -> Filter { make(key, .ne, .url(url: url)) }
    /// The URL property `key` contains `text`, ignoring case.
    public static func url(_ key: String, contains text: String) -> Filter { make(key, .contains, .url(url: text)) }
    /// The URL property `key` does not contain `text`, ignoring case.
    public static func url(_ key: String, notContains text: String) -> Filter { make(key, .notContains, .url(url: text)) }

    /// The e-mail property `key` is exactly `email`.
    public static func email(_ key: String, equals email: String) -> Filter { make(key, .eq, .email(email: email)) }
    /// The e-mail property `key` is not exactly `email`.
    public static func email(_ key: String, notEquals email: String) -> Filter { make(key, .ne, .email(email: email)) }
    /// The e-mail property `key` contains `text`, ignoring case.
    public static func email(_ key: String, contains text: String) -> Filter { make(key, .contains, .email(email: text)) }
    /// The e-mail property `key` does not contain `text`, ignoring case.
    public static func email(_ key: String, notContains text: String) -> Filter { make(key, .notContains, .email(email: text)) }

    /// The phone property `key` is exactly `phone`.
    public static func phone(_ key: String, equals phone: String) -> Filter { make(key, .eq, .phone(phone: phone)) }
    /// The phone property `key` is not exactly `phone`.
    public static func phone(_ key: String, notEquals phone: String) -> Filter { make(key, .ne, .phone(phone: phone)) }
    /// The phone property `key` contains `text`.
    public static func phone(_ key: String, contains text: String) -> Filter { make(key, .contains, .phone(phone: text)) }
    /// The phone property `key` does not contain `text`.
    public static func phone(_ key: String, notContains text: String) -> Filter { make(key, .notContains, .phone(phone: text)) }

    // MARK: numbers (a missing value sorts below every number)

    /// The number property `key` equals `number`.
    public static func number(_ key: String, equals number: Double) -> Filter { make(key, .eq, .number(number: number)) }
    /// The number property `key` does not equal `number` (objects without it match).
    public static func number(_ key: String, notEquals number: Double) -> Filter { make(key, .ne, .number(number: number)) }
    /// The number property `key` is greater than `number`.
    public static func number(_ key: String, greaterThan number: Double) -> Filter { make(key, .gt, .number(number: number)) }
    /// The number property `key` is greater than or equal to `number`.
    public static func number(_ key: String, atLeast number: Double) -> Filter { make(key, .gte, .number(number: number)) }
    /// The number property `key` is less than `number` (objects without it match).
    public static func number(_ key: String, lessThan number: Double) -> Filter { make(key, .lt, .number(number: number)) }
    /// The number property `key` is less than or equal to `number` (objects without it match).
    public static func number(_ key: String, atMost number: Double) -> Filter { make(key, .lte, .number(number: number)) }

    // MARK: dates (compared as instants, in whole seconds; a missing date is before every date)

    /// The date property `key` is exactly the instant `date` (whole seconds).
    public static func date(_ key: String, equals date: Date) -> Filter { make(key, .eq, .date(date: date)) }
    /// The date property `key` is not the instant `date`.
    public static func date(_ key: String, notEquals date: Date) -> Filter { make(key, .ne, .date(date: date)) }
    /// The date property `key` is after `date`.
    public static func date(_ key: String, after date: Date) -> Filter { make(key, .gt, .date(date: date)) }
    /// The date property `key` is `date` or later.
    public static func date(_ key: String, onOrAfter date: Date) -> Filter { make(key, .gte, .date(date: date)) }
    /// The date property `key` is before `date` (objects without it match: add
    /// `.notEmpty(key, format: .date)` to leave them out).
    public static func date(_ key: String, before date: Date) -> Filter { make(key, .lt, .date(date: date)) }
    /// The date property `key` is `date` or earlier (objects without it match).
    public static func date(_ key: String, onOrBefore date: Date) -> Filter { make(key, .lte, .date(date: date)) }

    // MARK: checkboxes (a missing value is `false`)

    /// The checkbox property `key` is `checked`.
    public static func checkbox(_ key: String, equals checked: Bool) -> Filter { make(key, .eq, .checkbox(checked: checked)) }
    /// The checkbox property `key` is not `checked`.
    public static func checkbox(_ key: String, notEquals checked: Bool) -> Filter { make(key, .ne, .checkbox(checked: checked)) }

    // MARK: select (tags by id)

    /// The select property `key` has the tag `tagId`.
    public static func select(_ key: String, equals tagId: String) -> Filter { make(key, .eq, .select(tags: [tagId])) }
    /// The select property `key` has the tag `tag`.
    public static func select(_ key: String, equals tag: Tag) -> Filter { select(key, equals: tag.id) }
    /// The select property `key` does not have the tag `tagId` (objects without a tag match).
    public static func select(_ key: String, notEquals tagId: String) -> Filter { make(key, .ne, .select(tags: [tagId])) }
    /// The select property `key` does not have the tag `tag`.
    public static func select(_ key: String, notEquals tag: Tag) -> Filter { select(key, notEquals: tag.id) }
    /// The select property `key` has one of the tags `tagIds`.
    public static func select(_ key: String, anyOf tagIds: [String]) -> Filter { make(key, .anyOf, .select(tags: tagIds)) }
    /// The select property `key` has one of `tags`.
    public static func select(_ key: String, anyOf tags: [Tag]) -> Filter { select(key, anyOf: tags.map(\.id)) }
    /// The select property `key` has none of the tags `tagIds`.
    public static func select(_ key: String, noneOf tagIds: [String]) -> Filter { make(key, .noneOf, .select(tags: tagIds)) }
    /// The select property `key` has none of `tags`.
    public static func select(_ key: String, noneOf tags: [Tag]) -> Filter { select(key, noneOf: tags.map(\.id)) }

    // MARK: multi-select (tags by id), objects and files (by id)

    /// The multi-select property `key` has at least one of the tags `tagIds`.
    public static func multiSelect(_ key: String, anyOf tagIds: [String]) -> Filter { make(key, .anyOf, .multiSelect(tags: tagIds)) }
    /// The multi-select property `key` has at least one of `tags`.
    public static func multiSelect(_ key: String, anyOf tags: [Tag]) -> Filter { multiSelect(key, anyOf: tags.map(\.id)) }
    /// The multi-select property `key` has none of the tags `tagIds`.
    public static func multiSelect(_ key: String, noneOf tagIds: [String]) -> Filter { make(key, .noneOf, .multiSelect(tags: tagIds)) }
    /// The multi-select property `key` has none of `tags`.
    public static func multiSelect(_ key: String, noneOf tags: [Tag]) -> Filter { multiSelect(key, noneOf: tags.map(\.id)) }
    /// The multi-select property `key` has every one of the tags `tagIds`.
    public static func multiSelect(_ key: String, allOf tagIds: [String]) -> Filter { make(key, .allOf, .multiSelect(tags: tagIds)) }
    /// The multi-select property `key` has every one of `tags`.
    public static func multiSelect(_ key: String, allOf tags: [Tag]) -> Filter { multiSelect(key, allOf: tags.map(\.id)) }

    /// The objects property `key` links at least one of `ids`.
    public static func objects(_ key: String, anyOf ids: [String]) -> Filter { make(key, .anyOf, .objects(ids: ids)) }
    /// The objects property `key` links none of `ids`.
    public static func objects(_ key: String, noneOf ids: [String]) -> Filter { make(key, .noneOf, .objects(ids: ids)) }
    /// The objects property `key` links every one of `ids`.
    public static func objects(_ key: String, allOf ids: [String]) -> Filter { make(key, .allOf, .objects(ids: ids)) }

    /// The files property `key` holds at least one of `ids`.
    public static func files(_ key: String, anyOf ids: [String]) -> Filter { make(key, .anyOf, .files(ids: ids)) }
    /// The files property `key` holds none of `ids`.
    public static func files(_ key: String, noneOf ids: [String]) -> Filter { make(key, .noneOf, .files(ids: ids)) }
    /// The files property `key` holds every one of `ids`.
    public static func files(_ key: String, allOf ids: [String]) -> Filter { make(key, .allOf, .files(ids: ids)) }

    // MARK: any format

    /// The property `key` (of `format`) has no value (an empty text counts as none).
    public static func empty(_ key: String, format: PropertyFormat) -> Filter { make(key, .empty, .unset(format: format)) }
    /// The property `key` (of `format`) has a value.
    public static func notEmpty(_ key: String, format: PropertyFormat) -> Filter { make(key, .notEmpty, .unset(format: format)) }

    // MARK: groups

    /// Every one of `filters` (`.and`; nested `.and`s are flattened; `all([])` matches everything).
    public static func all(_ filters: [Filter]) -> Filter {
        .and(filters: filters.flatMap { filter -> [Filter] in
            if case .and(let inner) = filter { return inner }
            return [filter]
        })
    }

    /// Any of `filters` (`.or`, at least one; nested `.or`s are flattened).
    public static func any(_ filters: [Filter]) -> Filter {
        .or(filters: filters.flatMap { filter -> [Filter] in
            if case .or(let inner) = filter { return inner }
            return [filter]
        })
    }

    /// Both: `.all([lhs, rhs])`.
    public static func && (lhs: Filter, rhs: Filter) -> Filter { all([lhs, rhs]) }

    /// Either: `.any([lhs, rhs])`.
    public static func || (lhs: Filter, rhs: Filter) -> Filter { any([lhs, rhs]) }
}

extension Sort {
    /// Ascending by `property`: `.ascending(.name)`.
    public static func ascending(_ property: SortProperty) -> Sort { Sort(property: property, direction: .asc) }

    /// Descending by `property`: `.descending(.createdDate)` is newest first.
    public static func descending(_ property: SortProperty) -> Sort { Sort(property: property, direction: .desc) }
}
