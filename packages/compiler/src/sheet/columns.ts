/**
 * The Platen template: its tabs, its columns (header text, meaning, note, drop-down), and the rule
 * type each tab holds. Naming lives here once; the reader, the writer and the docs use it.
 */
import type { RuleType } from '../plan/types.js';

/** Data tabs of the Platen template, in order, with the rule type each holds. */
export const PLATEN_TABS: readonly { name: string; type: RuleType }[] = [
  { name: 'Track', type: 'TRACK' },
  { name: 'Identify', type: 'IDENTIFY' },
  { name: 'Group', type: 'GROUP' },
  { name: 'Page', type: 'PAGE' },
  { name: 'Screen', type: 'SCREEN' },
  { name: 'Common', type: 'COMMON' },
];

/** The tab holding the instructions and the plan's own fields. */
export const INSTRUCTIONS_TAB = 'Instructions';

/** The CSV column that says which tab a row belongs to. */
export const TAB_COLUMN = 'Tab';

/** What a column of the Platen template means. */
export type ColumnKey =
  | 'event'
  | 'eventDescription'
  | 'version'
  | 'labels'
  | 'deprecated'
  | 'created'
  | 'updated'
  | 'message'
  | 'property'
  | 'description'
  | 'type'
  | 'nullable'
  | 'required'
  | 'allowed'
  | 'pattern'
  | 'min'
  | 'max'
  | 'examples'
  | 'schema';

/** One column of the Platen template. */
export interface ColumnSpec {
  key: ColumnKey;
  header: string;
  /** Event-level: the cell sits on an event's first row; blank cells below inherit it. */
  eventLevel: boolean;
  /** Written only when some rule needs it (rule timestamps, a message schema off the default). */
  optional?: boolean;
  note: string;
  choices?: string[];
  width: number;
}

/** The Type drop-down: the JSON types, `any`, and the string-format shortcuts. */
export const TYPE_CHOICES = [
  'string',
  'integer',
  'number',
  'boolean',
  'object',
  'array',
  'null',
  'any',
  'date-time',
  'date',
  'email',
  'uri',
  'uuid',
];

/** Type shortcuts: a string with this `format`. */
export const FORMAT_SHORTCUTS = ['date-time', 'date', 'email', 'uri', 'uuid'];

/** The Platen template's columns, in the order they are written. */
export const PLATEN_COLUMNS: readonly ColumnSpec[] = [
  {
    key: 'event',
    header: 'Event',
    eventLevel: true,
    width: 28,
    note: 'Event name (the page or screen name on Page/Screen; blank on Identify, Group, Common). Written on the event\'s first row; blank cells below belong to the same event. "null" marks a rule without a name.',
  },
  {
    key: 'eventDescription',
    header: 'Description',
    eventLevel: true,
    width: 36,
    note: "The event's description.",
  },
  {
    key: 'version',
    header: 'Version',
    eventLevel: true,
    width: 9,
    note: 'Rule version, an integer from 1 (blank: 1). One event may have several versions.',
  },
  {
    key: 'labels',
    header: 'Labels',
    eventLevel: true,
    width: 20,
    note: 'Labels, one "key: value" per line (or a JSON object).',
  },
  {
    key: 'deprecated',
    header: 'Deprecated',
    eventLevel: true,
    width: 14,
    note: 'When the rule was deprecated (an ISO date-time), blank if it is not.',
  },
  {
    key: 'created',
    header: 'Created',
    eventLevel: true,
    optional: true,
    width: 14,
    note: "The rule's createdAt, as pulled from a registry.",
  },
  {
    key: 'updated',
    header: 'Updated',
    eventLevel: true,
    optional: true,
    width: 14,
    note: "The rule's updatedAt, as pulled from a registry.",
  },
  {
    key: 'message',
    header: 'Message schema',
    eventLevel: true,
    optional: true,
    width: 30,
    note: "The rule's JSON Schema around its properties (the whole Segment message: context, traits, …) when it is not Platen's default; JSON.",
  },
  {
    key: 'property',
    header: 'Property',
    eventLevel: false,
    width: 28,
    note: 'Property name. Nested: dotted paths (address.city); array items: .$ (items.$.sku). A name holding a dot is written as a JSON array of names (["a.b", "c"]).',
  },
  {
    key: 'description',
    header: 'Description',
    eventLevel: false,
    width: 36,
    note: "The property's description.",
  },
  {
    key: 'type',
    header: 'Type',
    eventLevel: false,
    width: 12,
    choices: TYPE_CHOICES,
    note: 'string, integer, number, boolean, object, array, null, any; shortcuts date-time, date, email, uri, uuid (a string of that format). Several: "string | number".',
  },
  {
    key: 'nullable',
    header: 'Nullable',
    eventLevel: false,
    width: 9,
    choices: ['yes', 'no'],
    note: 'yes: the value may also be null (same as "| null" in Type).',
  },
  {
    key: 'required',
    header: 'Required',
    eventLevel: false,
    width: 9,
    choices: ['yes', 'no'],
    note: 'yes: the property must be present.',
  },
  {
    key: 'allowed',
    header: 'Allowed values',
    eventLevel: false,
    width: 24,
    note: 'The only values allowed (enum): one per line, or a JSON array when a value holds a newline or is not a string.',
  },
  {
    key: 'pattern',
    header: 'Pattern',
    eventLevel: false,
    width: 18,
    note: 'A regular expression a string must match.',
  },
  {
    key: 'min',
    header: 'Min',
    eventLevel: false,
    width: 8,
    note: 'Minimum: the value (integer, number), the length (string), the item count (array) or the key count (object).',
  },
  {
    key: 'max',
    header: 'Max',
    eventLevel: false,
    width: 8,
    note: 'Maximum, as Min.',
  },
  {
    key: 'examples',
    header: 'Examples',
    eventLevel: false,
    width: 20,
    note: 'Example values: one per line, or a JSON array.',
  },
  {
    key: 'schema',
    header: 'JSON Schema',
    eventLevel: false,
    width: 40,
    note: "JSON Schema keywords the other columns cannot express (oneOf, $ref, if/then, patternProperties, additionalProperties, …), as a JSON object added to the property's schema; on a row without a Property, added to the event's properties schema. true/false: the whole schema.",
  },
];

/** The column of `key`. */
export function columnOf(key: ColumnKey): ColumnSpec {
  return PLATEN_COLUMNS.find((c) => c.key === key)!;
}

/** Headers that also name a column (lower case), besides each column's own header. */
export const COLUMN_ALIASES: Record<string, ColumnKey> = {
  'event name': 'event',
  'event description': 'eventDescription',
  'property name': 'property',
  'property description': 'description',
  'allowed value': 'allowed',
  'enum values': 'allowed',
  'json schema': 'schema',
};

/** The header row each foreign format is written with (the published column lists). */
export const FOREIGN_HEADERS: Record<'segment' | 'amplitude' | 'avo', readonly string[]> = {
  segment: [
    'Version',
    'Event Type',
    'Event Name',
    'Property Name',
    'Description',
    'Labels',
    'Property Data Type',
    'Enum Values',
    'Allowed Property Values',
  ],
  amplitude: [
    'Action',
    'Object type',
    'Object name',
    'Object description',
    'Property type',
    'Event property name',
    'Property description',
    'Property value type',
    'Property required',
    'Property is array',
    'Enum values',
    'Const value',
    'Property regex',
    'Property min',
    'Property max',
    'Property min length',
    'Property max length',
  ],
  avo: [
    'Event Name',
    'Event Description',
    'Property Name',
    'Property Description',
    'Property Value Type',
    'Is Property Required?',
    'Is Property Array?',
    'Property Enumeration Options',
    'Property Regex',
  ],
};
